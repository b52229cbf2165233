#ifndef MLSD_ENGINE_HINTS_H
#define MLSD_ENGINE_HINTS_H

// Cache hints for the simulator's event loop (Sources/MLSDSim): Swift has no prefetch of its own.
// A hint changes no result; it only asks the CPU to start loading a line the loop will touch soon.

/// Starts loading the line holding `p` for a read.
static inline __attribute__((always_inline)) void mlsd_prefetch_read(const void *p) {
    __builtin_prefetch(p, 0, 3);
}

/// Starts loading the line holding `p` for a write.
static inline __attribute__((always_inline)) void mlsd_prefetch_write(const void *p) {
    __builtin_prefetch(p, 1, 3);
}

#endif
