// The hints are static inline functions in include/engine_hints.h; SwiftPM builds a C target from
// at least one source file.
#include "engine_hints.h"
