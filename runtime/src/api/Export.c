/* The shared libnpurt is built from the static runtime components; this
   file only gives the target a source. */
