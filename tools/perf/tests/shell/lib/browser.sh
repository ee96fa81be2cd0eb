# SPDX-License-Identifier: GPL-2.0
# Headless chromium for the tests of pictures: a screenshot of a page, and
# what the browser laid out in a flame graph SVG, read back from its DOM
# (lib/browser-measure.html).  Source it after lib.sh (it uses $T):
#
#   browser_find || skip "...: $BROWSER_WHY"    (fails 2 if chromium is broken)
#   browser_screenshot flame.svg shot.png
#   browser_png_stats shot.png                  -> png W H COLOURS NONBG%
#   browser_measure flame.svg [click PATH] [hover PATH] [search RE]
#
# browser_measure prints one tab-separated line per item:
#   svg W H                 the SVG's rendered size, in CSS pixels
#   matched TEXT            the search's "Matched: N%" (or a space)
#   tip VISIBILITY LINE1 LINE2   after hover: the tooltip
#   details TEXT            after hover: the details line
#   frame PATH KIND LEFT% WIDTH% R,G,B RECT_PX TEXT_PX LABEL
#                           every frame shown, PATH its names from the root
#                           joined by ';', LEFT% and WIDTH% against the
#                           root's rendered width, the fill as rendered,
#                           and the label's rendered length
#   error TEXT              what went wrong (and the function fails)
# Chromium runs as root here, so without its sandbox; its stderr goes to
# $T/browser.log.  CHROMIUM overrides the binary.

BROWSER_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Sets BROWSER; or sets BROWSER_WHY and fails: 1, no chromium; 2, it does not start.
browser_find() {
	BROWSER=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
	if [ -z "$BROWSER" ] || [ ! -x "$BROWSER" ]; then
		BROWSER_WHY="no chromium (scripts/install-deps.sh installs Debian's)"
		return 1
	fi
	# A browser that cannot start says so here rather than in every check.
	if ! browser_run --dump-dom about:blank | grep -q '<html'; then
		BROWSER_WHY="$BROWSER does not start headless: $(tail -1 "$T/browser.log")"
		return 2
	fi
}

browser_run() { # chromium arguments...
	timeout 60 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run \
		--no-default-browser-check --disable-extensions --disable-sync \
		--mute-audio --hide-scrollbars --force-device-scale-factor=1 \
		--allow-file-access-from-files --user-data-dir="$T/browser-profile" \
		"$@" 2>>"$T/browser.log"
}

# file:// URL of an existing file, its query-special bytes escaped.
browser_url() { # file
	local p; p=$(realpath "$1") || return 1
	printf 'file://%s' "$(browser_escape "$p" /)"
}

# Percent-encodes all but unreserved bytes (and those in $2).
browser_escape() { # string [keep]
	local LC_ALL=C s=$1 keep=${2:-} i c out=
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9._~-]) out+=$c ;;
		*)	if [ -n "$keep" ] && [ "$c" = "$keep" ]; then
				out+=$c
			else
				out+=$(printf '%%%02X' "'$c")
			fi ;;
		esac
	done
	printf '%s' "$out"
}

# The width and height attributes of an SVG's root element.
svg_size() { # svg
	sed -n 's/^<svg [^>]*width="\([0-9]*\)" height="\([0-9]*\)".*/\1 \2/p' "$1" | head -1
}

browser_screenshot() { # svg png
	local size w h
	size=$(svg_size "$1")
	[ -n "$size" ] || { echo "# $1: no <svg width= height=>" >&2; return 1; }
	read -r w h <<<"$size"
	rm -f "$2"
	browser_run --screenshot="$(realpath -m "$2")" --window-size="$w,$h" \
		"$(browser_url "$1")" >/dev/null
	[ -s "$2" ]
}

# The text of the measuring page's <pre id="out">, unescaped.
browser_page_out() { # query
	browser_run --virtual-time-budget=10000 --dump-dom \
		"$(browser_url "$BROWSER_LIB/browser-measure.html")?$1" |
		awk '/<pre id="out">/ { on = 1; sub(/.*<pre id="out">/, "") }
		     on && /<\/pre>/ { sub(/<\/pre>.*/, ""); if ($0 != "") print; exit }
		     on' |
		sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&nbsp;/ /g; s/&amp;/\&/g' >"$T/browser.out"
	cat "$T/browser.out"
	grep -q '^done$' "$T/browser.out" && ! grep -q '^error' "$T/browser.out"
}

browser_measure() { # svg [click|hover|search ARG]...
	local query="svg=$(browser_escape "$(browser_url "$1")")"
	shift
	while [ $# -ge 2 ]; do
		query+="&$1=$(browser_escape "$2")"
		shift 2
	done
	browser_page_out "$query"
}

browser_png_stats() { # png
	browser_page_out "png=$(browser_escape "$(browser_url "$1")")" | grep '^png'
}
