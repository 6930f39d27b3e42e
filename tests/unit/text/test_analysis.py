"""The tokenizer's shortcuts and the line-wise vocabulary on a tiny in-code fixture."""

from __future__ import annotations

import pytest

from assistant.text.analysis import grams, terms, vocabulary, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A word of letters followed by a digit, a join or a slash is read by the structured forms.
        ("abc123 x", ["abc123"]),
        ("covid-19", ["covid-19", "covid", "19"]),
        ("Praha.Liberec", ["praha.liberec", "prah", "liberk"]),
        ("čj. KULK/123/2024", ["cj", "kulk/123/2024", "kulk", "123", "2024"]),
        # A word of letters alone is taken at once, before a full stop or an underscore too.
        ("slovo. Další", ["slov"]),
        ("abc_def", ["abc", "def"]),
        ("12. května 2023", ["2023-05-12", "12", "kvetn", "2023"]),
        ("10 %", ["10", "procent"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


LINES = [
    "Usnesení č. 201/24/ZK ze dne 5.",
    "3. 2024 schválilo 1 000",
    "000 Kč pro Liberecký kraj, a.s.",
    "",
    "Společnost",
    "Nisa s.r.o. – 10 %",
]


def test_the_vocabulary_of_lines_is_that_of_the_joined_text() -> None:
    joined = "\n".join(LINES)
    assert vocabulary(*LINES) == (set(terms(joined)), set(words(joined)))
    assert {g for line in LINES for g in grams(line)} == set(grams(joined))


def test_no_token_spans_a_line_break() -> None:
    assert "2024-03-05" not in vocabulary(*LINES)[0]
    assert "2024-03-05" in terms(" ".join(LINES[:2]))
