// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* Lets slang's prototypes take const strings. */
#define ENABLE_SLFUTURE_CONST 1
#include <slang.h>
#include <newt.h>
#include "ui/tui/browser.h"
#include "util/util.h"

/* Above newt's own color objects. */
enum {
	COLOR_NORMAL	= 60,
	COLOR_SELECTED,
	COLOR_TITLE,
	COLOR_STATUS,
};

#define LINE_LEN	1024
#define CTRL_C		3
#define HEAD_ROWS	3	/* headline, column titles, rule */

static volatile sig_atomic_t resized;

static void sigwinch_handler(int sig __maybe_unused)
{
	resized = 1;
}

static const char * const help_text[] = {
	"Keys:",
	"  Up/Down, k/j       move the selection",
	"  PgUp/PgDn          move a page",
	"  Home/End, g/G      first/last row",
	"  h, ?               show/hide this help",
	"  q, Q, Ctrl-C       quit",
	NULL
};

int line_browser__init(struct line_browser *b)
{
	struct sigaction sa = { .sa_handler = sigwinch_handler };
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !strcmp(term, "dumb"))
		return -ENOTTY;
	if (newtInit())
		return -ENOTTY;
	b->active = true;
	newtCls();
	SLkp_init();
	SLtt_set_color(COLOR_NORMAL, NULL, "default", "default");
	SLtt_set_color(COLOR_SELECTED, NULL, "black", "cyan");
	SLtt_set_color(COLOR_TITLE, NULL, "white", "blue");
	SLtt_set_color(COLOR_STATUS, NULL, "black", "lightgray");
	/* Ours, not newt's: newt's handler only serves its own event loop. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	return 0;
}

void line_browser__exit(struct line_browser *b)
{
	if (!b->active)
		return;
	b->active = false;
	signal(SIGWINCH, SIG_DFL);
	SLsmg_gotorc(SLtt_Screen_Rows - 1, 0);
	SLsmg_refresh();
	newtFinished();
}

int line_browser__input_fd(void)
{
	return SLang_TT_Read_FD;
}

static void put_line(int row, int color, const char *text)
{
	SLsmg_gotorc(row, 0);
	SLsmg_set_color(color);
	SLsmg_write_nstring(text, SLtt_Screen_Cols);
}

static size_t page_rows(void)
{
	int n = SLtt_Screen_Rows - HEAD_ROWS - 1;

	return n > 1 ? n : 1;
}

/* Keeps the selection on a row that exists and on the screen. */
static void line_browser__clamp(struct line_browser *b)
{
	size_t nr = b->rows ? b->nr_rows : 0, page = page_rows();

	if (b->selected >= nr)
		b->selected = nr ? nr - 1 : 0;
	/* No blank page below the last row after a PgDn or a shrinking table. */
	if (b->first + page > nr)
		b->first = nr > page ? nr - page : 0;
	if (b->selected < b->first)
		b->first = b->selected;
	if (b->selected >= b->first + page)
		b->first = b->selected - page + 1;
}

/* Line @i of the key help: ours, then the caller's; "" past the end. */
static const char *help_line(const struct line_browser *b, size_t i)
{
	size_t j;

	/* The last of help_text is the NULL that ends it. */
	if (i < ARRAY_SIZE(help_text) - 1)
		return help_text[i];
	i -= ARRAY_SIZE(help_text) - 1;
	for (j = 0; b->key_help && b->key_help[j]; j++) {
		if (j == i)
			return b->key_help[j];
	}
	return "";
}

static void line_browser__draw_rows(struct line_browser *b)
{
	size_t page = page_rows(), nr = b->rows ? b->nr_rows : 0, i;

	put_line(1, COLOR_NORMAL, b->title ? b->title : "");
	put_line(2, COLOR_NORMAL, b->rule ? b->rule : "");
	for (i = 0; i < page; i++) {
		size_t r = b->first + i;
		const char *line = "";
		int color = COLOR_NORMAL;

		if (b->help) {
			line = help_line(b, i);
		} else if (r < nr) {
			line = b->rows[r] ? b->rows[r] : "";
			if (r == b->selected)
				color = COLOR_SELECTED;
		}
		put_line(HEAD_ROWS + i, color, line);
	}
}

void line_browser__draw(struct line_browser *b)
{
	size_t nr = b->rows ? b->nr_rows : 0;
	char status[LINE_LEN];

	if (!b->active)
		return;
	if (resized) {
		resized = 0;
		SLtt_get_screen_size();
		SLsmg_reinit_smg();
	}
	line_browser__clamp(b);
	put_line(0, COLOR_TITLE, b->headline ? b->headline : "");
	line_browser__draw_rows(b);
	if (b->notice)
		snprintf(status, sizeof(status), "%s", b->notice);
	else
		snprintf(status, sizeof(status), "%zu/%zu   q quit  h help  Up/Down PgUp/PgDn scroll",
			 nr ? b->selected + 1 : 0, nr);
	put_line(SLtt_Screen_Rows - 1, COLOR_STATUS, status);
	SLsmg_gotorc(SLtt_Screen_Rows - 1, 0);
	SLsmg_refresh();
}

/* Applies one key; returns true for quit. */
static bool line_browser__key(struct line_browser *b, int key)
{
	size_t page = page_rows();

	if (!b->help && b->key) {
		int done = b->key(b, key);

		if (done != LINE_BROWSER_KEY_NONE)
			return done == LINE_BROWSER_KEY_QUIT;
	}
	switch (key) {
	case 'q': case 'Q': case CTRL_C:
		return true;
	case SL_KEY_UP: case 'k':
		b->selected -= b->selected > 0;
		break;
	case SL_KEY_DOWN: case 'j':
		b->selected++;
		break;
	case SL_KEY_PPAGE:
		b->selected = b->selected > page ? b->selected - page : 0;
		b->first = b->first > page ? b->first - page : 0;
		break;
	case SL_KEY_NPAGE: case ' ':
		b->selected += page;
		b->first += page;
		break;
	case SL_KEY_HOME: case 'g':
		b->selected = 0;
		break;
	case SL_KEY_END: case 'G':
		b->selected = SIZE_MAX;
		break;
	case 'h': case '?':
		b->help = !b->help;
		break;
	default:
		break;
	}
	return false;
}

bool line_browser__handle_keys(struct line_browser *b)
{
	bool quit = false, seen = false;

	while (!quit && SLang_input_pending(0) > 0) {
		quit = line_browser__key(b, SLkp_getkey());
		b->notice = NULL;
		seen = true;
	}
	if (!quit && (seen || resized))
		line_browser__draw(b);
	return quit;
}

int line_browser__run(struct line_browser *b)
{
	struct pollfd pfd = { .fd = line_browser__input_fd(), .events = POLLIN };

	if (!b->active)
		return -ENOTTY;
	line_browser__draw(b);
	for (;;) {
		/* A resize interrupts poll(): handle_keys then redraws. */
		pfd.revents = 0;
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -errno;
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
			return -EIO;
		if (line_browser__handle_keys(b))
			return 0;
	}
}
