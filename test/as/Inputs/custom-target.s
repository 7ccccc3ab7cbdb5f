// Input of target.s: a target file relative to this file.
.target "custom-target.json"
        halt
