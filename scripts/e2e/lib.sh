# Helpers for end-to-end tests that drive the real loyalnest binary inside tmux and read the screen back.
# Each script sources this file; failures print the last screen and exit 1.
set -euo pipefail

E2E_SESSION="loyalnest-e2e-$$"
E2E_TMP="$(mktemp -d)"
E2E_TIMEOUT="${E2E_TIMEOUT:-15}"
export TMUX_TMPDIR="$E2E_TMP"   # a private tmux server: never touches the user's sessions
export TERM="${TERM:-xterm-256color}"   # tmux itself wants one, even detached (CI has none)

e2e_cleanup() {
  tmux kill-server 2>/dev/null || true
  rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT

# e2e_start WIDTH HEIGHT COMMAND...: starts COMMAND in a detached tmux window of the given size.
e2e_start() {
  local width="$1" height="$2"; shift 2
  # remain-on-exit from the config file, so a program that ends at once still leaves its last screen to read.
  echo "set -g remain-on-exit on" >"$E2E_TMP/tmux.conf"
  tmux -f "$E2E_TMP/tmux.conf" new-session -d -s "$E2E_SESSION" -x "$width" -y "$height" "$@"
}

e2e_screen() { tmux capture-pane -p -t "$E2E_SESSION"; }
e2e_history() { tmux capture-pane -p -S -100 -t "$E2E_SESSION"; }

e2e_fail() {
  echo "FAIL: $*" >&2
  echo "----- screen -----" >&2
  e2e_screen >&2 || true
  echo "------------------" >&2
  exit 1
}

# e2e_wait_for TEXT: waits until TEXT (a fixed string) is on the screen (or just scrolled off it).
e2e_wait_for() {
  local deadline=$(( $(date +%s) + E2E_TIMEOUT ))
  while (( $(date +%s) < deadline )); do
    if e2e_history | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  e2e_fail "timed out waiting for: $1"
}

# e2e_wait_match REGEX: waits until an extended regular expression matches the current screen, and prints the
# first match (for figures read off the screen once they are there).
e2e_wait_match() {
  local deadline=$(( $(date +%s) + E2E_TIMEOUT )) match
  while (( $(date +%s) < deadline )); do
    if match="$(e2e_screen | grep -oE -- "$1" | head -1)" && [[ -n "$match" ]]; then
      printf '%s\n' "$match"
      return 0
    fi
    sleep 0.1
  done
  e2e_fail "timed out waiting for a match of: $1"
}

# e2e_wait_gone TEXT: waits until TEXT is no longer on the screen.
e2e_wait_gone() {
  local deadline=$(( $(date +%s) + E2E_TIMEOUT ))
  while (( $(date +%s) < deadline )); do
    if ! e2e_screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  e2e_fail "timed out waiting for this to disappear: $1"
}

# e2e_keys KEY...: tmux send-keys (names like Enter, Escape, Tab, BTab, C-c, Up).
e2e_keys() { tmux send-keys -t "$E2E_SESSION" "$@"; }

# e2e_type TEXT: types literal text.
e2e_type() { tmux send-keys -t "$E2E_SESSION" -l -- "$1"; }

# e2e_exit_status: waits for the program to end and prints its exit status.
e2e_exit_status() {
  local deadline=$(( $(date +%s) + E2E_TIMEOUT ))
  while (( $(date +%s) < deadline )); do
    if [[ "$(tmux display-message -p -t "$E2E_SESSION" '#{pane_dead}')" == 1 ]]; then
      tmux display-message -p -t "$E2E_SESSION" '#{pane_dead_status}'
      return 0
    fi
    sleep 0.1
  done
  e2e_fail "the program did not exit"
}
