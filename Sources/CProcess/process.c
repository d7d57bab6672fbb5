#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include "process.h"

int lrgrade_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int lrgrade_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
