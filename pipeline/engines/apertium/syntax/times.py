"""Clock times: *a las nueve* is "at nine", not "to the nine"."""

from __future__ import annotations

from tripreport.engines.apertium.stream import Token, Word
from tripreport.engines.apertium.syntax.words import copied_word, word_at

# --- rule: clock times -----------------------------------------------------------------------------

# The prepositions before a clock time, and the English each takes there (a copied word).
TIME_PREPOSITIONS = {"a": "at", "hasta": "until", "desde": "from", "sobre": "around"}
# What may follow the hour as part of the time: *y media*, *y cuarto*.
PAST_THE_HOUR = {"media": "thirty", "cuarto": "fifteen"}
# The part of the day after a time: *a las 5 de la tarde*.
PART_OF_DAY = {"mañana": "in the morning", "tarde": "in the afternoon", "noche": "at night"}


def clock_times(tokens: list[Token]) -> list[Token]:
    """*Nos vemos a las nueve* → "see you at nine"; *hasta las 5 de la tarde* → "until 5 in the
    afternoon"; *a las tres y media* → "at three thirty": a preposition, *la*/*las* and a number
    that no noun follows is a clock time, which English says without the article.

    Not *a las tres personas* (a number of things), not *de las ocho* (*la charla de las ocho*:
    the engine's), not a preposition of its own meaning (*para las 5*, *entre las 3 y las 4*)."""
    out = list(tokens)
    for i in range(len(out) - 4):
        prep, article, hour = word_at(out, i), word_at(out, i + 2), word_at(out, i + 4)
        if prep is None or article is None or hour is None or out[i + 1] != " " or out[i + 3] != " ":
            continue
        english = TIME_PREPOSITIONS.get(prep.head.lemma.lower()) if prep.pos == "pr" else None
        if english is None or not (article.has("det", "def", "f") and article.head.lemma.lower() == "el"):
            continue
        if not (hour.pos == "num" or hour.placeholder or hour.surface.isdigit()):
            continue
        end, tail = time_tail(out, i + 4)
        if end is None:
            continue
        out[i : end + 1] = [copied_word(english, prep), " ", hour, *tail]
        return clock_times(out)
    return out


def time_tail(tokens: list[Token], hour: int) -> tuple[int | None, list[Token]]:
    """Where a clock time at ``hour`` ends and what stands for its tail (*y media*, *de la tarde*);
    None when a noun follows the number (*las tres personas*)."""
    end, tail = hour, list[Token]()
    following = word_at(tokens, hour + 2) if hour + 1 < len(tokens) and tokens[hour + 1] == " " else None
    if following is not None and following.pos in ("n", "adj"):
        return None, []
    conj, part = word_at(tokens, hour + 2), word_at(tokens, hour + 4)
    if conj is not None and part is not None and conj.head.lemma == "y" and tokens[hour + 3] == " ":
        minutes = PAST_THE_HOUR.get(part.surface.lower())
        if minutes:
            end, tail = hour + 4, [" ", Word(minutes)]
    de, article, day = word_at(tokens, end + 2), word_at(tokens, end + 4), word_at(tokens, end + 6)
    if de is not None and article is not None and day is not None and de.head.lemma == "de":
        said = PART_OF_DAY.get(day.surface.lower())
        if said and article.head.lemma.lower() == "el" and all(tokens[k] == " " for k in (end + 1, end + 3, end + 5)):
            tail += [" ", Word(said)]
            end += 6
    return end, tail
