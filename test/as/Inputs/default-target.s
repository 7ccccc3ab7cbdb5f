// Input of target.s: no .target, so the default target.
        halt
