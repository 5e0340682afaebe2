"""``openai-kb completion bash|zsh|fish``: a script that completes commands, options, record types and ids.

The script is generated from the command line's own parser by shtab, imported here only: no other
command pays for it. Ids are completed by running ``openai-kb list --ids`` (``list sources --ids``
for a source) when Tab is pressed, so they are those of the bundled data.
"""

from __future__ import annotations

import argparse
from typing import Any

from ._command import Command
from ._output import Output

__all__ = ["COMMAND", "SHELLS", "script"]

SHELLS = ("bash", "zsh", "fish")

_IDS = "openai-kb list --ids 2>/dev/null"
_SOURCES = "openai-kb list sources --ids 2>/dev/null"

# bash splits the word being completed at ':' (COMP_WORDBREAKS), and every id holds one: shtab's
# function would see `show person : mi`. This wrapper gives it the words as typed, split at spaces,
# and strips from each candidate the part before the last ':' that bash keeps on the line.
_BASH_COLONS = """
_openai_kb_whole_words() {
  local line=${COMP_LINE:0:COMP_POINT}
  local -a COMP_WORDS
  read -ra COMP_WORDS <<< "$line"
  [[ -z $line || $line == *[[:space:]] ]] && COMP_WORDS+=("")
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


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in: bash, zsh or fish")


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` for ``shell``, its file and id arguments marked for shtab."""
    import shtab

    completers: dict[str, Any] = {
        "file": shtab.FILE,
        "folder": shtab.DIRECTORY,
        "id": shtab.cmd(_IDS),
        "source": shtab.cmd(_SOURCES),
    }
    _mark(parser, completers)
    text: str = shtab.complete(parser, shell=shell)
    if shell == "bash":
        text += _BASH_COLONS
    return text


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
