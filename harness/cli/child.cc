// harness/cli/child.cc — running a scenario in a forked child (child.h).
#include "harness/cli/child.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

namespace ksfuzz::cli {

ChildRun run_in_child(const Scenario& s, RunOptions options, bool keep_stderr) {
  ChildRun result;
  int sig[2], err[2];
  if (pipe(sig) != 0) return result;
  if (pipe(err) != 0) {
    close(sig[0]), close(sig[1]);
    return result;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    close(sig[0]);
    close(err[0]);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, STDOUT_FILENO);
    dup2(keep_stderr ? err[1] : devnull, STDERR_FILENO);
    options.signature_fd = sig[1];
    run_scenario(s, options);
    _exit(0);
  }
  close(sig[1]);
  close(err[1]);
  // Both pipes at once: a child that fills one while we wait on the other would never end.
  std::string signature;
  pollfd fds[2] = {{sig[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* into[2] = {&signature, &result.stderr_text};
  for (int open_pipes = 2; open_pipes > 0;) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[4096];
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        into[i]->append(buf, static_cast<std::size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.signature = signature.substr(0, signature.find('\n'));
  return result;
}

}  // namespace ksfuzz::cli
