// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "workload.h"

static void __attribute__((noreturn)) child_exec(int go, int err_fd, const char **argv,
						      bool quiet_stdout)
{
	char c;
	int e;

	/* Wait for the parent to be ready; EOF means it gave up on us. */
	if (read(go, &c, 1) != 1)
		_exit(127);
	if (quiet_stdout && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		_exit(127);
	execvp(argv[0], (char **)argv);
	e = errno;
	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

int workload__prepare(struct workload *w, const char **argv)
{
	int go[2], er[2];

	if (pipe2(go, O_CLOEXEC))
		return -errno;
	if (pipe2(er, O_CLOEXEC)) {
		close(go[0]);
		close(go[1]);
		return -errno;
	}
	w->pid = fork();
	if (w->pid < 0) {
		int e = -errno;

		close(go[0]);
		close(go[1]);
		close(er[0]);
		close(er[1]);
		return e;
	}
	if (!w->pid) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		close(go[1]);
		close(er[0]);
		child_exec(go[0], er[1], argv, w->quiet_stdout);
	}
	close(go[0]);
	close(er[1]);
	w->go_fd = go[1];
	w->err_fd = er[0];
	return 0;
}

int workload__start(struct workload *w)
{
	ssize_t n;
	int e = 0;

	n = write(w->go_fd, "g", 1);
	close(w->go_fd);
	w->go_fd = -1;
	if (n != 1)
		e = errno;
	else
		do {
			n = read(w->err_fd, &e, sizeof(e));
		} while (n < 0 && errno == EINTR);
	close(w->err_fd);
	w->err_fd = -1;
	if (n == (ssize_t)sizeof(e) || (n < 0 && e)) {
		waitpid(w->pid, NULL, 0);
		w->pid = -1;
		return -(e ? e : EIO);
	}
	return 0;
}

void workload__cancel(struct workload *w)
{
	int i;

	if (w->pid <= 0)
		return;
	if (w->go_fd >= 0)
		close(w->go_fd);
	if (w->err_fd >= 0)
		close(w->err_fd);
	/*
	 * SIGTERM first, as perf does: a workload such as timeout(1) passes it
	 * on to its own children, which SIGKILL would leave running.
	 */
	kill(w->pid, SIGTERM);
	for (i = 0; i < 100; i++) {
		if (waitpid(w->pid, NULL, WNOHANG) == w->pid) {
			w->pid = -1;
			return;
		}
		usleep(20 * 1000);
	}
	kill(w->pid, SIGKILL);
	waitpid(w->pid, NULL, 0);
	w->pid = -1;
}
