"""The README's synopsis of the commands, generated from the commands themselves, so the two
cannot drift apart (a test keeps them equal, as it does the settings table)."""

from __future__ import annotations

import click


def _value(param: click.Parameter) -> str:
    kind = param.type
    if isinstance(kind, click.Choice):
        return "|".join(map(str, kind.choices))
    if param.metavar:
        return param.metavar
    if isinstance(kind, click.types._NumberParamTypeBase):
        return "N"
    if isinstance(kind, click.Path):
        return "FILE" if not kind.dir_okay else "DIR" if not kind.file_okay else "PATH"
    return param.name.upper()


def _usage(path: str, command: click.Command) -> str:
    words = [path]
    for param in command.params:
        if isinstance(param, click.Argument):
            many = "..." if param.nargs == -1 and not param.metavar else ""
            words.append(_value(param) + many)
        elif isinstance(param, click.Option) and not param.hidden:
            flag = max(param.opts, key=len)
            shown = flag if param.is_flag else f"{flag} {_value(param)}"
            shown += "..." if param.multiple else ""
            words.append(shown if param.required else f"[{shown}]")
    return " ".join(words)


def synopsis(group: click.Group, name: str = "assistant") -> str:
    """One usage line per command, in the order the group lists them."""
    lines = []
    for command_name, command in group.commands.items():
        path = f"{name} {command_name}"
        if isinstance(command, click.Group):
            lines.extend(synopsis(command, path).splitlines())
        else:
            lines.append(_usage(path, command))
    return "\n".join(lines)
