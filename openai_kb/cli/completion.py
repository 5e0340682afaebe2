"""``openai-kb completion bash|zsh|fish``: a script that completes commands, options, record types and ids.

The script is generated from the command line's own parser by shtab, imported here only: no other
command pays for it. Ids are data, never shell code: when Tab asks for one, the script runs
``openai-kb list --ids --for-completion SHELL`` (``list sources`` for a source), with the ``--data``
files and ``--types`` given earlier on the line, and offers what it prints as words. For bash this module quotes
each id (``completion_words``), since bash inserts a word as it is; zsh (``compadd``) and fish quote
what they insert themselves. No command runs when the script is loaded, and nothing a data file holds
is ever evaluated: no ``compgen -W`` (which expands its word list) and no ``$(...)`` in zsh's specs.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ._command import Command
from ._output import Output

__all__ = ["COMMAND", "SHELLS", "completion_words", "script"]

SHELLS = ("bash", "zsh", "fish")

# What bash reads as itself anywhere in a word: every other ASCII character gets a backslash (quotes,
# $ ` ( ) ; | & < > { } [ ] * ? ! ~ # = ^ \ and the space). '=' and '@' are escaped too, as bash ends
# the word being completed at them (COMP_WORDBREAKS; '@' in some setups); ':' is not, which the
# script's wrapper below handles.
_BASH_PLAIN = re.compile(r"[A-Za-z0-9_.,:/%+-]|[^\x00-\x7f]")


def completion_words(ids: Iterable[str], shell: str) -> Iterator[str]:
    """``ids`` as ``shell``'s completion reads them, one a line: quoted for bash, as they are for zsh and fish.

    An id with a character that one line cannot carry, or that ``str.isprintable`` refuses (line
    breaks, tabs, controls, format characters), is left out: it cannot be offered as a word. A data
    file's ids never hold one; an id of a record built in code might.
    """
    for record_id in ids:
        if not record_id.isprintable():
            continue
        if shell == "bash":
            yield "".join(char if _BASH_PLAIN.match(char) else "\\" + char for char in record_id)
        else:
            yield record_id


# bash: everything after shtab's script. bash splits the word being completed at ':'
# (COMP_WORDBREAKS), and every id holds one: shtab's function would see `show person : mi`. The
# wrapper gives it the words as typed, split at white space outside quotes, and strips from each
# candidate the part before the last ':' that bash keeps on the line. _openai_kb_split keeps each
# word twice, as typed (for shtab, and to match candidates against) and with its quotes taken away
# (a --data file's name), without running anything: no eval, no expansion but a leading ~/. The
# command that lists the ids never reads the terminal (</dev/null: a --data /dev/stdin waits for nothing).
_BASH = r"""
_openai_kb_split() {
  local line=$1 raw= plain= quote= c i=0 n=${#1} started=0
  COMP_WORDS=() _openai_kb_plain=()
  while (( i < n )); do
    c=${line:i:1}
    if [[ -n $quote ]]; then
      raw+=$c
      if [[ $c == "$quote" ]]; then
        quote=
      elif [[ $quote == '"' && $c == '\' ]] && (( i + 1 < n )); then
        (( i += 1 )); c=${line:i:1}; raw+=$c
        [[ $c == [\$\`\"\\] ]] || plain+='\'
        plain+=$c
      else
        plain+=$c
      fi
    elif [[ $c == [[:space:]] ]]; then
      if (( started )); then _openai_kb_word; fi
      raw= plain= started=0
    else
      started=1 raw+=$c
      if [[ $c == '\' ]]; then
        if (( i + 1 < n )); then (( i += 1 )); c=${line:i:1}; raw+=$c; plain+=$c; fi
      elif [[ $c == "'" || $c == '"' ]]; then
        quote=$c
      else
        plain+=$c
      fi
    fi
    (( i += 1 ))
  done
  _openai_kb_word
}

_openai_kb_word() {
  if [[ $raw == '~' || $raw == '~/'* ]]; then plain=$HOME${plain:1}; fi
  if [[ $raw == --?*=* && $plain == "${raw%%=*}="* ]]; then  # --data=FILE: two words, as shtab reads options
    COMP_WORDS+=("${raw%%=*}" "${raw#*=}") _openai_kb_plain+=("${raw%%=*}" "${plain#*=}")
  else
    COMP_WORDS+=("$raw") _openai_kb_plain+=("$plain")
  fi
}

# $1: the word being completed, as typed; then the list command. Prints the ids it begins, quoted.
_openai_kb_offer() {
  local typed=$1 id i
  shift
  local -a data=()
  for (( i = 1; i < COMP_CWORD; i++ )); do
    if [[ ${_openai_kb_plain[i]} == --data || ${_openai_kb_plain[i]} == --types ]] && (( i + 1 < COMP_CWORD )); then
      data+=("${_openai_kb_plain[i]}" "${_openai_kb_plain[i+1]}")
    fi
  done
  while IFS= read -r id; do
    if [[ $id == "$typed"* ]]; then printf '%s\n' "$id"; fi
  done < <(openai-kb "$@" --for-completion bash "${data[@]}" </dev/null 2>/dev/null)
}

_openai_kb_record_ids() { _openai_kb_offer "$1" list --ids; }
_openai_kb_source_ids() { _openai_kb_offer "$1" list sources --ids; }
# --data: files, and the word for the bundled data (the name makes shtab quote files as file names)
_openai_kb_data_files() {
  compgen -f -- "$1"
  if [[ bundled == "$1"* ]]; then printf '%s\n' bundled; fi
}

_openai_kb_whole_words() {
  local -a COMP_WORDS _openai_kb_plain
  _openai_kb_split "${COMP_LINE:0:COMP_POINT}"
  local COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  _shtab_openai_kb "$@"
  local cur=${COMP_WORDS[COMP_CWORD]}
  if [[ $cur == *:* ]]; then
    local kept=${cur%"${cur##*:}"}
    COMPREPLY=("${COMPREPLY[@]#"$kept"}")
  fi
}
complete -o bashdefault -F _openai_kb_whole_words openai-kb
"""

# zsh: functions that shtab's specs name as actions, run only when Tab asks for an id. The line is
# split as zsh parses it, without running it (${(z)...}), and quotes are taken away with ${(Q)...};
# compadd offers the ids as words and quotes what it inserts.
_ZSH = r"""
_openai_kb_offer() {
  local -a tokens data ids
  local token i
  tokens=(${(z)LBUFFER})
  [[ $LBUFFER == *[[:space:]] ]] || tokens[-1]=()
  for (( i = 1; i <= ${#tokens}; i++ )); do
    token=${tokens[i]}
    case $token in
      ('&&'|'||'|';'|'|'|'|&'|'&'|'&!'|'&|') data=() ;;
      (--data) (( i < ${#tokens} )) && data+=(--data "$(_openai_kb_path "${tokens[i+1]}")") ;;
      (--data=*) data+=(--data "${(Q)token#--data=}") ;;  # zsh leaves a ~ after = as it is
      (--types) (( i < ${#tokens} )) && data+=(--types "${(Q)tokens[i+1]}") ;;
      (--types=*) data+=(--types "${(Q)token#--types=}") ;;
    esac
  done
  ids=("${(@f)$(openai-kb "$@" --for-completion zsh "${data[@]}" </dev/null 2>/dev/null)}")
  ids=(${ids:#})
  compadd -a ids
}

_openai_kb_path() {
  if [[ $1 == '~' || $1 == '~/'* ]]; then print -r -- "$HOME${(Q)1#\~}"; else print -r -- "${(Q)1}"; fi
}

_openai_kb_record_ids() { _openai_kb_offer list --ids }
_openai_kb_source_ids() { _openai_kb_offer list sources --ids }
_openai_kb_data_files() { _files; compadd -- bundled }
"""

# fish: `commandline -opc` gives the words before the cursor with their quotes taken away; fish
# offers each line as a word and quotes what it inserts.
_FISH = r"""
function _openai_kb_ids --description 'ids for openai-kb, from the --data files named on the line'
    set -l data
    set -l after_data 0
    set -l after_types 0
    for token in (commandline -opc)
        if test $after_data = 1
            set after_data 0
            string match -q -- '~' $token; or string match -q -- '~/*' $token
            and set token $HOME(string sub -s 2 -- $token)
            set -a data --data $token
        else if test $after_types = 1
            set after_types 0
            set -a data --types $token
        else if test "$token" = --data
            set after_data 1
        else if test "$token" = --types
            set after_types 1
        else if string match -q -- '--data=*' $token
            set -a data --data (string sub -s 8 -- $token)
        else if string match -q -- '--types=*' $token
            set -a data --types (string sub -s 9 -- $token)
        end
    end
    openai-kb list $argv --ids --for-completion fish $data </dev/null 2>/dev/null
end

function _openai_kb_data_files --description 'files, and bundled: what --data takes'
    __fish_complete_path (commandline -ct)
    echo bundled
end
"""

_COMPLETERS: dict[str, dict[str, str]] = {
    "id": {"bash": "_openai_kb_record_ids", "zsh": "_openai_kb_record_ids", "fish": "(_openai_kb_ids)"},
    "source": {"bash": "_openai_kb_source_ids", "zsh": "_openai_kb_source_ids", "fish": "(_openai_kb_ids sources)"},
    "data": {"bash": "_openai_kb_data_files", "zsh": "_openai_kb_data_files", "fish": "(_openai_kb_data_files)"},
}


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in: bash, zsh or fish")


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` for ``shell``, its file and id arguments marked for shtab."""
    import shtab

    completers: dict[str, Any] = {"file": shtab.FILE, "folder": shtab.DIRECTORY, **_COMPLETERS}
    _mark(parser, completers)
    if shell == "bash":
        return str(shtab.complete(parser, shell=shell)) + _BASH
    if shell == "zsh":  # --data=FILE as well as --data FILE (_arguments' "=" form), so ids after it complete
        return str(shtab.complete(parser, shell=shell, preamble=_ZSH)).replace('"*--data[', '"*--data=[')
    return str(shtab.complete(parser, shell=shell, preamble=_FISH))


def _mark(parser: argparse.ArgumentParser, completers: dict[str, Any]) -> None:
    """Give every action that says what it ``completes`` shtab's completer for it, in every subcommand."""
    for action in parser._actions:  # argparse has no public way to walk a parser
        what = getattr(action, "completes", None)
        if what is not None:
            action.complete = completers[what]  # type: ignore[attr-defined]  # shtab reads this attribute
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                _mark(sub, completers)


def _run(args: argparse.Namespace, out: Output) -> int:
    out.stdout.write(script(args.command_line, args.shell))
    return 0


COMMAND = Command(
    name="completion",
    summary="print a shell script that completes openai-kb's commands, options, record types and ids",
    examples=(
        "openai-kb completion bash > ~/.local/share/bash-completion/completions/openai-kb",
        "openai-kb completion zsh > ~/.zfunc/_openai-kb",
        "openai-kb completion fish > ~/.config/fish/completions/openai-kb.fish",
    ),
    add_arguments=_arguments,
    run=_run,
    reads_kb=False,
    prints_json=False,
)
