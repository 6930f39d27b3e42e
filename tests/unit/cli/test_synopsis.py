"""The README's synopsis of the commands is the one generated from the commands."""

from __future__ import annotations

from helpers import ROOT

from assistant.cli import main
from assistant.cli.synopsis import synopsis


def test_the_readme_synopsis_is_the_generated_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```sh\n{synopsis(main)}\n```" in readme, (
        "run: python -c 'from assistant.cli import main; from assistant.cli.synopsis import"
        " synopsis; print(synopsis(main))'"
    )


def test_every_command_and_option_is_in_it() -> None:
    text = synopsis(main)
    named = {line.split()[1] for line in text.splitlines()}
    for name, command in main.commands.items():
        assert name in named, name
        for param in command.params:
            for flag in getattr(param, "opts", []):
                if flag.startswith("--") and flag != "--help":
                    assert flag in text, flag


def test_every_command_shows_an_example_with_options_it_has() -> None:
    """`--help` of each command ends with an example a new user can copy."""
    from assistant.cli import EXAMPLES

    text = synopsis(main)
    for name, command in main.commands.items():
        example = EXAMPLES[name]
        assert example in (command.epilog or "") and example.startswith(f"assistant {name}")
        usage = next(line for line in text.splitlines() if line.startswith(f"assistant {name}"))
        used = [word for word in example.split() if word.startswith("--")]
        assert all(flag in usage for flag in used), (name, used)
