#ifndef LRGRADE_PROCESS_H
#define LRGRADE_PROCESS_H

#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically, so a child spawned by another
/// thread at the same moment never inherits them. (Glibc declares pipe2 only with
/// _GNU_SOURCE, which Swift's Glibc module does not define.)
int lrgrade_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addclosefrom_np(actions, from): the child closes every
/// descriptor from `from` up before it runs (glibc 2.34 and later).
int lrgrade_spawn_close_from(posix_spawn_file_actions_t *actions, int from);

#endif
