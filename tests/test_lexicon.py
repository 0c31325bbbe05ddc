"""The lexicon: unknown words found by Apertium's analyser, mended by Hunspell and cognate rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tripreport.engines.apertium import PLACEHOLDER
from tripreport.lexicon import KEPT, Lexicon, spelling
from tripreport.lexicon.cognates import adverb, spellings
from tripreport.lexicon.dictionaries import Hunspell, hunspell_dictionary
from tripreport.streams import close_all


@pytest.fixture(scope="module")
def lexicon() -> Iterator[Lexicon]:
    found = Lexicon.load()
    assert found is not None and found.spanish is not None and found.english is not None
    with found:  # its helper programs stop with the module
        yield found


def fixed(lexicon: Lexicon, word: str) -> tuple[str, str] | None:
    """What the lexicon reads ``word`` as; None when it keeps the word as written."""
    correction = lexicon.corrections([word]).get(word)
    return (correction.replacement, correction.kind) if correction and correction.kind != KEPT else None


def kept(lexicon: Lexicon, word: str) -> bool:
    """The word is kept as written and named for the reviewer as an unknown word."""
    correction = lexicon.corrections([word]).get(word)
    return correction is not None and correction.kind == KEPT and correction.replacement == word


# --- typos --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("proycto", "proyecto"),  # a letter missing
        ("heramienta", "herramienta"),
        ("diapsitiva", "diapositiva"),
        ("facil", "fácil"),  # the accent fast typing drops
        ("codigo", "código"),
        ("HIbieron", "Hubieron"),  # the shift key held too long, then a typo
        ("nopuede", "no puede"),  # a missing space
    ],
)
def test_typos_are_corrected_to_words_apertium_knows(lexicon: Lexicon, typo: str, meant: str) -> None:
    assert fixed(lexicon, typo) == (meant, "spelling")


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("functons", "one edit from English 'functions', two from any Spanish fix"),
        ("config", "ends in g: no Spanish word does, so it is jargon, not a typo"),
        ("repo", "too short to guess from Hunspell's suggestions"),
        ("chillis", "Hunspell's plausible fixes are all deep in its list"),
        ("mentis", "the only near fixes are vosotros verb forms, never used in Mexico"),
        ("environments", "an English word"),
        ("katacontainers", "no Spanish word near it"),
    ],
)
def test_corrections_refused(lexicon: Lexicon, word: str, why: str) -> None:
    assert fixed(lexicon, word) is None, why


def test_edit_distance_counts_swaps_and_accents() -> None:
    assert spelling.distance("proycto", "proyecto") == 1
    assert spelling.distance("diapsitiva", "diapositiva") == 1
    assert spelling.distance("facil", "fácil") == 1
    assert spelling.distance("tiempo", "tiepmo") == 1  # two neighbours swapped
    assert spelling.distance("config", "confió") == 1


def test_a_correction_two_edits_away_is_refused_for_short_words() -> None:
    def knows(word: str) -> bool:
        return word in ("sistema", "casa", "trayecto")

    assert spelling.correction("sistemaa", ["sistema"], knows) == "sistema"
    assert spelling.correction("casaxy", ["casa"], knows) is None  # 6 letters: one edit only
    assert spelling.correction("proycto", ["trayecto"], knows) is None  # first letter differs


def test_a_correction_apertium_does_not_know_is_refused() -> None:
    assert spelling.correction("proycto", ["proyecto"], lambda word: False) is None


# --- cognates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spanish", "english", "rule"),
    [
        ("observabilidad", "observability", "-bilidad → -bility"),
        ("extensibilidad", "extensibility", "-bilidad → -bility"),
        ("orquestar", "orchestrate", "-ar → -ate, qu → ch"),
        ("incentivar", "incentivize", "-ar → -ize (incentive is a noun: no past tense)"),
        ("donara", "donated", "-ar → -ate, in the past"),
        ("escalamiento", "scaling", "-amiento → -ing, es- → s-"),
        ("eficientemente", "efficiently", "-mente → -ly on Apertium's adjective"),
        ("metadatos", "metadata", "meta- and Apertium's 'datos'"),
        ("microservicios", "microservices", "micro- and Apertium's 'servicios'"),
        ("autoescalamiento", "autoscaling", "auto- and a cognate rest"),
        ("pusheamos", "push", "Spanglish: English verb, Spanish ending"),
        ("deployó", "deployed", "Spanglish, past"),
        ("taggeamos", "tag", "Spanglish, doubled consonant"),
    ],
)
def test_cognates_need_the_english_dictionary(lexicon: Lexicon, spanish: str, english: str, rule: str) -> None:
    assert fixed(lexicon, spanish) == (english, "cognate"), rule


@pytest.mark.parametrize(
    ("spanish", "why"),
    [
        ("etensibilidad", "'etensibility' is not English"),
        ("instructivos", "'instructives' is not English"),
    ],
)
def test_cognates_the_dictionary_refuses(lexicon: Lexicon, spanish: str, why: str) -> None:
    assert fixed(lexicon, spanish) is None, why


def test_spelling_shifts_and_adverbs() -> None:
    assert "orchest" in spellings("orquest")
    assert spellings("escal")[0] == "scal"  # es- → s- is tried first: scale, not escalate
    assert "communid" in spellings("comunid")  # a doubled consonant: comunidad → community
    assert [adverb(a) for a in ("efficient", "easy", "simple", "automatic")] == [
        "efficiently",
        "easily",
        "simply",
        "automatically",
    ]


# --- diminutives, superlatives, case, expressions -----------------------------------------------


@pytest.mark.parametrize(
    ("word", "mended", "kind"),
    [
        ("alitas", "alas", "diminutive"),
        ("noditos", "nodos", "diminutive"),
        ("cafecito", "café", "diminutive"),
        ("rapidito", "rápido", "diminutive"),
        ("poquito", "poco", "diminutive"),
        ("cosillas", "cosas", "diminutive"),
        ("larguísima", "muy larga", "superlative"),
        ("poquísimos", "muy pocos", "superlative"),
        ("europa", "Europa", "case"),
        ("peeero", "pero", "expression"),
        ("jajajaja", "haha", "expression"),
    ],
)
def test_word_forms(lexicon: Lexicon, word: str, mended: str, kind: str) -> None:
    assert fixed(lexicon, word) == (mended, kind)


def test_a_lowercase_spanish_word_is_not_taken_for_a_name(lexicon: Lexicon) -> None:
    # "dona" (donates) is also the name Dona: Spanish knows it in lower case, so it is the verb.
    assert fixed(lexicon, "dona") == ("donates", "cognate")


def test_repair_rewrites_whole_words_and_leaves_placeholders(lexicon: Lexicon) -> None:
    [repaired] = lexicon.repair(["El proycto zk0z usa microservicios; un sub-proycto no."], PLACEHOLDER.pattern)
    assert repaired.text == "El proyecto zk0z usa microservices; un sub-proycto no."  # whole words only
    assert [c.word for c in repaired.corrections] == ["proycto", "microservicios"]


# --- Spanish left in English -------------------------------------------------------------------


def test_spanish_words_left_in_english_text(lexicon: Lexicon) -> None:
    text = "The talk of María López was very chida; que good, Deja the pods and the instructivos of Guadalajara."
    words = [(m.group(), m.start() == 0 or text[m.start() - 2] in ".;") for m in re.finditer(r"[^\W\d_]+", text)]
    flagged = lexicon.spanish_words(words, frozenset({"chida"}))
    assert flagged == {"chida", "que", "Deja", "instructivos"}  # names and English words are not Spanish


def test_british_spelling_is_english(lexicon: Lexicon) -> None:
    assert lexicon.english_words(["centre", "catalogue", "colour", "center"]) == {
        "centre",
        "catalogue",
        "colour",
        "center",
    }


def test_a_word_hunspell_cuts_in_pieces_does_not_shift_the_answers_after_it() -> None:
    """Spanish Hunspell answers ``rock’n’roll`` as three words: the words asked with it, and
    those asked next, must still get their own lemmas."""
    spanish = Hunspell([hunspell_dictionary("es_MX")], lemmas=True)
    try:
        assert spanish.stems(["rock’n’roll", "casas"])["casas"] == ("casa", "casar")
        assert spanish.stems(["donara"]) == {"donara": ("donar",)}
        assert spanish.misspelt(["proycto", "casas"]) == {"proycto"}
    finally:
        close_all(spanish.streams, kill=True)


def test_the_lexicon_asks_the_apertium_engines_own_analyser() -> None:
    """One Spanish analyser for both: the lexicon starts none of its own, and stopping the
    lexicon leaves the engine's running."""
    from tripreport import engines

    engine = engines.load("apertium")
    try:
        assert engine.analyser is not None
        lexicon = Lexicon.load(engine.analyser)
        assert lexicon is not None and lexicon.analyser.streams == ()
        assert fixed(lexicon, "proycto") == ("proyecto", "spelling")
        running = engine.analyser.stream._process
        assert running is not None and running.poll() is None
        lexicon.close()
        assert engine.analyser.stream._process is running and running.poll() is None
        assert engine.translate_batch(["El perro come."]) == ["The dog eats."]
    finally:
        engine.close()


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # what a thread raises
def test_a_helper_that_cannot_start_says_nothing_from_its_thread(capfd) -> None:
    """The programs start from a thread: a failure there (here: no file descriptor left for
    the pipes) must wait for the first question, which starts them again or says why in one
    line; a thread would print a traceback."""
    import os
    import resource

    lexicon = Lexicon.load()
    assert lexicon is not None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")), hard))
        lexicon.start()
        assert lexicon._starting is not None
        lexicon._starting.join()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        assert "Traceback" not in capfd.readouterr().err
        assert fixed(lexicon, "proycto") == ("proyecto", "spelling")  # started when asked
    finally:
        lexicon.close()


# --- mending on evidence only ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "mended", "why"),
    [
        # a fix must be a frequent word: labrar, morar and altero are rare, trabajar is not
        ("laburar", None, "River Plate 'to work', one letter from rare 'labrar'"),
        ("morfar", None, "River Plate 'to eat', one letter from rare 'morar'"),
        ("laburándole", None, "a gerund with a clitic of rare 'labrar', however long"),
        ("entaba", ("entraba", "spelling"), "a dropped letter of a frequent word"),
        ("trabjando", ("trabajando", "spelling"), "a gerund's typo, of frequent 'trabajar'"),
        ("diapsitiva", ("diapositiva", "spelling"), "long: one edit from a known word is enough"),
    ],
)
def test_a_typo_is_mended_to_a_frequent_word_only(lexicon: Lexicon, word: str, mended: tuple | None, why: str) -> None:
    assert fixed(lexicon, word) == mended, why


@pytest.mark.parametrize(
    ("word", "mended", "why"),
    [
        ("probalo", None, "River Plate 'try it' (vos), not 'probarlo'"),
        ("subilo", None, "River Plate 'upload it' (vos), not 'subirlo'"),
        ("trabjando", ("trabajando", "spelling"), "a gerund of no verb Spanish knows, nor an -ear one"),
    ],
)
def test_a_verb_with_clitics_is_not_a_typo(lexicon: Lexicon, word: str, mended: tuple | None, why: str) -> None:
    assert fixed(lexicon, word) == mended, why


@pytest.mark.parametrize(
    ("word", "mended", "why"),
    [
        ("partidazo", None, "augmentative of 'partido', not 'partidario'"),
        ("trabajazo", None, "augmentative of 'trabajo', not 'trabajado'"),
        ("problemón", None, "augmentative of 'problema': kept as written, not guessed as a typo"),
        ("momentico", None, "a Caribbean and Colombian diminutive in -ico, of 'momento'"),
        ("aplicasiones", ("aplicaciones", "spelling"), "ends like an augmentative, but 'aplicasio' is no word"),
    ],
)
def test_an_augmentative_or_diminutive_is_not_a_typo(
    lexicon: Lexicon, word: str, mended: tuple | None, why: str
) -> None:
    assert fixed(lexicon, word) == mended, why


def test_stretched_letters_are_cut_to_a_word_a_dictionary_knows_never_guessed(lexicon: Lexicon) -> None:
    assert fixed(lexicon, "Geniaaal") == ("Genial", "expression")  # Hunspell knows it, Apertium does not
    assert fixed(lexicon, "naaaada") == ("nada", "expression")
    assert fixed(lexicon, "chimbaaaa") is None and kept(lexicon, "chimbaaaa")  # no dictionary has chimba


def test_a_capitalised_word_inside_a_sentence_is_a_name_not_a_typo(lexicon: Lexicon) -> None:
    inside, first = lexicon.repair(["Usamos Proycto para eso.", "Heramienta lista, ¿Cochete ya?"], PLACEHOLDER.pattern)
    assert inside.text == "Usamos Proycto para eso." and inside.corrections == ()
    assert first.text == "Herramienta lista, ¿Cohete ya?"  # a sentence's first word, after ¿ too


def test_an_unknown_word_kept_is_named_for_the_reviewer(lexicon: Lexicon) -> None:
    [repaired] = lexicon.repair(["Tuvo una ideaca y un proycto con config."], PLACEHOLDER.pattern)
    assert repaired.text == "Tuvo una ideaca y un proyecto con config."
    assert [(c.word, c.replacement, c.kind) for c in repaired.corrections] == [
        ("ideaca", "ideaca", "unknown"),
        ("proycto", "proyecto", "spelling"),
    ]  # config: jargon, as English writes it, not a word to list


def test_every_country_s_hunspell_dictionary_is_asked(tmp_path, monkeypatch) -> None:
    """A word one country's dictionary knows is Spanish: never mended, not listed; the same
    dictionary under two names (Debian links them all to one file) is asked once."""
    from tripreport.lexicon import dictionaries as tools

    real = hunspell_dictionary("es_MX")
    assert real is not None
    for name in ("es_MX", "es_AR"):  # one dictionary, two names
        for ext in (".dic", ".aff"):
            (tmp_path / f"{name}{ext}").symlink_to(f"{real}{ext}")
    (tmp_path / "es_CL.dic").write_text("1\ncuático\n", encoding="utf-8")
    (tmp_path / "es_CL.aff").write_text("SET UTF-8\n", encoding="utf-8")
    monkeypatch.setattr(tools, "HUNSPELL_DIRS", (tmp_path,))
    assert tools.spanish_dictionaries() == [tmp_path / "es_MX", tmp_path / "es_CL"]
    regional = Lexicon.load()
    assert regional is not None
    with regional:
        assert regional.corrections(["cuático"]) == {}  # Chilean 'amazing': Spanish, not even unknown
    (tmp_path / "es_CL.dic").unlink()  # Mexico's alone
    assert tools.spanish_dictionaries() == [tmp_path / "es_MX"]
    mexican = Lexicon.load()
    assert mexican is not None
    with mexican:
        assert fixed(mexican, "cuático") == ("cuántico", "spelling")  # what one dictionary alone does


@pytest.mark.parametrize(
    ("word", "fix", "slips", "why"),
    [
        ("pititas", "patitas", False, "i for a: keys apart, letters not spelt alike"),
        ("pariguayo", "paraguayo", False, "the same, in a long word"),
        ("monitorro", "monitoreo", True, "r beside e"),
        ("aplicasiones", "aplicaciones", True, "s for c: spelt alike"),
        ("tiepmo", "tiempo", True, "two letters swapped"),
        ("tiguere", "tigre", False, "two slips in a short word"),
        ("tambein", "también", True, "two slips, one of them an accent left out"),
        ("nesecitamos", "necesitamos", True, "two slips in a long word"),
        ("pelabola", "pela bola", False, "a space after a word no one runs into the next"),
        ("nopuede", "no puede", True, "a space after 'no'"),
        ("agüitado", "agitado", False, "a ü is never typed by mistake"),
        ("compañro", "compañero", True, "the ñ kept"),
    ],
)
def test_a_fix_undoes_slips_of_fast_typing(word: str, fix: str, slips: bool, why: str) -> None:
    assert spelling.plausible(word, fix, spelling.distance(word, fix)) == slips, why


@pytest.mark.parametrize(
    ("word", "mended", "why"),
    [
        ("pititas", None, "Bolivian 'little ribbons', not 'patitas': keys apart"),
        ("tiguere", None, "Dominican 'street-smart guy', two slips from 'tigre'"),
        ("agüitado", None, "Mexican 'bummed', not 'agitado'"),
        ("alcapurrias", None, "a Puerto Rican dish: two slips from rare 'alcaparras', long or not"),
        ("monitorro", ("monitoreo", "spelling"), "a key beside"),
        ("compañro", ("compañero", "spelling"), "a letter left out, the ñ kept"),
    ],
)
def test_only_slips_of_fast_typing_are_mended(lexicon: Lexicon, word: str, mended: tuple | None, why: str) -> None:
    assert fixed(lexicon, word) == mended, why


@pytest.mark.parametrize(
    ("word", "mended", "why"),
    [
        ("escribime", None, "voseo 'write to me': a form of 'escribir', which Apertium knows, not 'scribe'"),
        ("contestame", ("contéstame", "spelling"), "the accent, not the cognate 'contest'"),
        ("chango", None, "a noun ending: 'changar' is not 'change'"),
        ("chele", None, "a noun ending, no verb Hunspell knows: not 'chelate'"),
        ("paralelizas", ("parallelize", "cognate"), "an -iz- stem makes verbs, whatever the ending"),
        ("dona", ("donates", "cognate"), "-ar → -ate stands for a noun-like ending"),
    ],
)
def test_cognates_of_verbs_need_evidence_too(lexicon: Lexicon, word: str, mended: tuple | None, why: str) -> None:
    assert fixed(lexicon, word) == mended, why
