"""The syntax rules in Apertium's tagged stream (tripreport/engines/apertium/syntax/), with the real
engine: each rule's examples give the English a translator would write, its counter-examples are
left alone, and without the rule the examples come out as Apertium alone writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tripreport.engines import EngineOptions, load
from tripreport.engines.apertium import stream, syntax
from tripreport.glossary import base_glossary

# rule name → (Spanish, English the output must hold), and Spanish the rule must leave as Apertium has it.
EXAMPLES = {
    "names": [
        ("La charla de Ana Pico estuvo buena.", "Ana Pico"),  # a surname after a first name
        ("Hablé con Mario Bueno en el stand.", "Mario Bueno"),
        ("Compré una Raspberry Pi Pico para el taller.", "Pi Pico"),  # after a word no dictionary has
    ],
    "exclamations": [
        ("¡Qué lento está el Wi-Fi del hotel!", "How slow the Wi-Fi of the hotel is!"),
        ("Qué difícil fue el taller.", "How difficult the workshop was."),
    ],
    "neither": [
        ("No dijo ni una palabra.", "did not say even a word"),
        ("No me gusta ni el café ni el té.", "either the coffee or the tea"),
        ("Ni Ana ni Luis vinieron.", "Neither Ana nor Luis"),
    ],
    "clock times": [
        ("La charla empieza a las 10.", "begins at 10"),
        ("Trabajamos hasta las cinco de la tarde.", "until five in the afternoon"),
        ("Llegamos a las tres y media.", "at three thirty"),
        ("A las 9 empieza la keynote.", "At 9"),
    ],
    "person possessive": [
        ("La charla de Ana Pico sobre eBPF estuvo buenísima.", "Ana Pico's talk on eBPF"),
        ("Leí el blog de Martín ayer.", "read Martín's blog"),
    ],
    "subjects": [
        ("Tienen un operador para eso.", "They have an operator"),
        ("Dice que ya quedó el fix, pero no lo he visto.", "but I have not seen it"),
        # English puts these adverbs between the subject and the verb.
        ("Nunca fui a una KubeCon antes.", "I never went"),
        ("Todavía no entiendo los operators.", "I still do not understand"),
        ("Ella me contó cómo migraron a Cilium.", "how they migrated"),  # cómo opens a clause of its own
    ],
    "compounds": [
        ("Borré el archivo de configuración.", "the configuration archive"),
        ("Cenamos en el centro de convenciones.", "the convention center"),
        ("Levantaron un servidor de pruebas.", "a test server"),
        # A placeholder after the modifier (an emoticon, a term) may stand for anything: no bar.
        ("Tiré el cluster de pruebas zk0z pero ya quedó.", "the test cluster zk0z"),
    ],
    "preterite": [
        ("Ayer lo probamos en staging.", "tried it"),
        ("Lo probamos y funcionó a la primera.", "tried it"),
    ],
    "went": [
        ("Fuimos a la charla de Kafka.", "went to"),
        ("Fueron al hotel temprano.", "went to"),
    ],
    "involuntary se": [
        ("Se me olvidó el cargador en el hotel.", "I forgot"),
        ("Se nos perdieron las llaves.", "We lost"),
    ],
    "subject first": [
        ("Se cayó la red del hotel.", "The net of the hotel"),
        ("Se rompió la pantalla nueva.", "The new screen broke"),
        # Not a verb that says what happened to its subject: a passive, never "Python uses".
        ("Se usa Python en todo el equipo.", "Python is used in"),
        ("Ayer se publicaron las fotos del meetup.", "the photos of the meetup were published"),
    ],
    "experiencer": [
        ("No me gustó la charla.", "I did not like the talk"),
        ("Nos ha encantado la demo.", "We have loved the demo"),
    ],
    "neuter adjective": [
        ("Lo bueno es que es gratis.", "The good thing is"),
        ("Lo interesante fue la demo.", "The interesting thing"),
    ],
    "periphrases": [
        ("Acabamos de llegar al venue.", "We recently arrived"),  # recién: "just" is a base sense
        ("Se acaban de ir al hotel.", "They recently went to the hotel"),  # the clitic goes along
        ("Lo acabamos de probar en staging.", "We recently tried it"),
        ("Suele fallar los lunes.", "Usually it fails"),
    ],
    "well done": [
        ("El código está bien documentado.", "well documented"),  # the tagger reads bien as "very"
        ("Está bien hecho.", "well done"),
    ],
    "pronominal": [
        ("Me compré una laptop nueva.", "I bought a laptop"),  # not "bought me"
        ("Nos sentimos muy bien.", "We feel very well"),
        ("Me siento cansado.", "I feel tired"),  # sentirse before a manner, not sentarse
        ("Se fueron temprano.", "They went early"),  # se fue is irse, not ser
        ("Nos vamos a quedar en el hotel.", "We go to remain"),  # the infinitive's clitic
        ("Vamos a sentarnos en la primera fila.", "We go to seat in"),  # an infinitive's enclitic
        ("Cómprate una playera.", "Buy a"),  # an imperative's enclitic
        ("Me he dejado la chamarra en el hotel.", "I have left the jacket"),  # after haber the clitic goes
        ("Avísame antes de irte.", "before going."),  # irte agrees with avísame
    ],
    "personal a": [
        ("Vi a Juan en el lobby.", "I saw Juan"),
        ("Les agradecí a los organizadores.", "I appreciated the organizers"),  # the doubled clitic goes too
        ("Saludé al speaker después de la charla.", "hailed the speaker"),
        ("Invitamos a todos a la fiesta.", "We invite all to"),
    ],
    "imperative": [
        ("Instala Docker y corre el script.", "Install Docker and run the script"),  # a list of steps
        ("Instala Docker y córrelo.", "Install Docker"),  # córrelo is an imperative
        ("Si quieres probarlo, instala la extensión.", "install the extension"),  # tú
        ("Primero clona el repo, luego corre make.", "First clone the repo"),
    ],
    "person subject": [
        ("Platiqué con una ingeniera de Kavak y me contó cómo lo hicieron.", "and she"),
        ("Vi a Juan pero no me saludó.", "but he did not"),
    ],
    "stop doing": [
        ("Dejé de usar Docker Desktop.", "I stopped using"),
        ("El script dejó de funcionar ayer.", "stopped working"),
        ("Terminé de escribir el post.", "finished writing"),
    ],
    "again": [
        ("Volví a instalar el paquete.", "installed the package again"),
        ("Vuelve a fallar cada vez.", "fails again"),
        ("Lo volví a intentar con otra versión.", "tried it again"),  # the clitic goes along
    ],
    "have to": [
        ("Nos tocó esperar una hora.", "We had to"),
        ("Mañana me toca presentar.", "it is my turn to present"),
    ],
    "want": [
        ("Tengo ganas de probar Bun.", "I want to try"),
        ("Tengo muchas ganas de ver la keynote.", "I want to see"),
        ("Nos dan ganas de volver.", "We want to go back"),  # the dative wants
    ],
    "been doing": [
        ("Llevo tres años usando Go.", "I have been using Go"),
        ("Llevamos dos semanas en Lisboa.", "We have been in Lisbon"),
        ("Llevábamos dos días sin dormir.", "We had spent two days without sleeping"),
    ],
    "needed": [
        ("Me hace falta un cargador nuevo.", "I need a"),
        ("No hace falta registrarse.", "You do not need to register"),
        ("Hace falta que alguien actualice la documentación.", "needs to update"),
    ],
    "both and": [
        ("Tanto el frontend como el backend están en Go.", "Both the frontend and the backend"),
        ("Tanto en Madrid como en Sevilla hay meetups.", "Both in Madrid and in Seville"),
    ],
    "about": [
        ("Éramos como veinte en la cena.", "around twenty"),
        ("Esperamos como media hora.", "around half"),
    ],
    "participle adjectives": [
        ("Al final del día estábamos muertos.", "we were dead"),
        ("El bar todavía estaba abierto.", "was open."),
    ],
    "tomorrow": [
        ("Tengo un plan para mañana.", "for tomorrow"),
        ("Hasta mañana, nos vemos.", "Until tomorrow"),
    ],
    "weather": [
        ("Hace frío en la sala.", "It is cold"),
        ("Hacía mucho calor en el taller.", "was very hot"),
        ("Hace demasiado viento para salir.", "too windy"),
    ],
    "passive se": [
        ("Se usa mucho en producción.", "It is used a lot"),
        ("Se dice que la comida es buena.", "It is said"),
        ("Se puede usar con Docker.", "It can be used"),
        ("No se puede fumar en el venue.", "You can not smoke"),  # no object: anyone
    ],
    "speaker imperfect": [
        ("Llegué tarde al keynote porque no encontraba el salón.", "because I did not find the"),
        ("No fui a la cena porque tenía que trabajar.", "because I had to work"),
        ("Salí temprano porque quería ver la keynote.", "because I wanted to see"),
    ],
}
# Rules whose output the project's bilingual section gives (compiled with the senses): tested with them.
WITH_SENSES = {
    "possessives": [
        ("El equipo publicó su código en GitHub.", "their code"),  # a group
        ("Publicaron su código ayer.", "their code"),  # a plural subject
        ("La empresa cambió su logo.", "its logo"),  # a thing
        ("Ana presentó su proyecto.", "her project"),
        ("Ella presentó su proyecto.", "her project"),  # a subject pronoun
        ("El equipo de Nubank abrió su código.", "their code"),  # the compound's noun is the owner
    ],
    "ago": [  # the sense "atrás" after a duration: ago
        ("Migramos a Kubernetes hace un año.", "a year ago"),
        ("Lo conocí hace mucho.", "a long time ago"),
        ("Paré de fumar hace un mes.", "a month ago"),
    ],
}
COUNTER = {
    "names": [
        ("El taller de Kubernetes Básico fue largo.", "Basic"),  # an adjective: a title's capital
        ("Resumen KubeCon Día Dos", "Day Two"),  # a whole title in title case
        ("Fuimos a la Torre Eiffel.", "Tower"),  # a word before the name is the engine's
        ("Hoy Mario nos invitó a cenar.", "Today Mario"),  # a sentence's first capital
    ],
    "subjects": [
        ("Los pods que fallaron se reiniciaron.", "that failed"),  # que is their subject
        ("Cambiaron la agenda y movieron la charla.", "and moved"),  # the subject is shared
        ("Llegué tarde y no encontré el salón.", "and did not find"),
        ("Dice que ya está.", "It says"),  # third singular: he, she or it
    ],
    "compounds": [
        ("Tengo un montón de ideas.", "of ideas"),  # a quantity keeps its "of"
        ("La mitad de los incidentes son de red.", "half of the incidents"),
        ("Pasamos los secretos de consul a vault.", "of consul"),  # from … to
        # The modifier goes on (a name after a link's placeholder): moving one word would split it.
        ("Vimos la charla de zk0z Kelsey Hightower zk1z sobre Helm.", "talk of zk0z Kelsey"),
        ("Nos tocó el turno de Ana López en la tarde.", "Ana López's turn"),
    ],
    "preterite": [("Hoy probamos el deploy.", "we try"), ("Mañana subimos los cambios.", "we go up")],
    "went": [("La reunión fue a las cinco.", "was")],
    "involuntary se": [("Se me acercó un speaker.", "me")],
    "exclamations": [
        ("¿Qué charla viste?", "What"),  # a question
        ("No sé qué pasó.", "do not know what"),  # inside a sentence
        ("Qué frío hace en la sala.", "What cold"),  # the weather's hacer, not an adjective's exclamation
        ("¡Qué mala suerte tuvimos!", "What bad"),  # an adjective and a noun: counted or not?
    ],
    "neither": [
        ("Ni siquiera compila.", "Not even"),  # Apertium's own
        ("Una dependencia que ni usamos.", "neither"),  # no negation before it: the engine's
    ],
    "clock times": [
        ("Le di stickers a las tres personas del stand.", "to the three people"),  # a number of things
        ("La charla de las ocho estuvo buena.", "of the eight"),  # de: the engine's
    ],
    "person possessive": [
        ("Fuimos a la ciudad de México.", "city of Mexico"),  # a place
        ("El equipo de Ana y Luis ganó.", "of Ana and Luis"),  # two owners
        ("Una charla de Ana fue buena.", "talk of Ana"),  # one of hers
        ("La charla de Ana de Google fue buena.", "of Ana of Google"),
    ],
    "subject first": [
        ("El nodo se reinició solo.", "The node"),  # the subject is before the verb already
        ("Se habló de Kafka.", "of Kafka"),  # no noun phrase follows
        ("Se cayó producción justo ahora.", "Production"),  # justo is not the noun's
        ("Se llama Yeni y vive en Monterrey.", "Yeni"),
        ("Se puede usar Python en el taller.", "use Python"),  # a modal: Apertium's order stays
    ],
    "experiencer": [("A mí me gustó.", "To me"), ("Me dijo que sí.", "me")],
    "neuter adjective": [("Lo que pasa es que no escala.", "that")],
    "periphrases": [("Acabó el taller a las seis.", "It finished the workshop")],
    "well done": [
        ("Estoy bien emocionado.", "very"),  # a feeling
        ("La comida estaba bien buena.", "very good"),  # an adjective
        ("Estoy bien cansado.", "very tired"),  # the dictionary's adjective
    ],
    "pronominal": [
        ("Me dijeron que sí.", "me"),  # another person's clitic
        ("Nos quiere ver mañana.", "us"),
        ("Se lo dio ayer.", "it to him"),  # se stands for le
        ("Me siento aquí.", "seat here"),  # sentarse before a place
        ("Se ha caído el servidor.", "has fallen"),  # a participle keeps its ending
        ("Me tengo que ir ya.", "I have to"),  # tener que is one word to the tagger, and a modal
    ],
    "personal a": [
        ("Le escribí a Ana.", "to Ana"),  # escribir: "wrote to"
        ("Me invitaron a una de las fiestas.", "to one"),  # not a person
        ("Invitamos a todos los talleres.", "to all the workshops"),
        ("Fuimos a Madrid a ver el museo.", "to Madrid"),
    ],
    "imperative": [
        ("Dice que ya está.", "It says"),  # one verb, nothing says it is an instruction
        ("Abre su laptop y revisa su correo.", "opens his"),  # someone's things: narrated
        ("Llega temprano y saluda a todos.", "It arrives early"),  # no objects: narrated
        ("Le manda un correo y le pide el link.", "It commands him"),  # a clitic before: not an imperative
        ("Existe una herramienta que te permite tener tus templates.", "It exists"),  # te, tus: anyone
    ],
    "person subject": [
        ("Ana llegó tarde y dijo que sí.", "and said"),  # the same subject
        ("Dice que ya está.", "It says"),  # nobody named
        ("Le presté la computadora a Ana y no funcionó.", "and did not work"),  # not a verb of saying
    ],
    "possessives": [
        ("Juan presentó su proyecto.", "his project"),  # Apertium's his
        ("¿Ustedes trajeron sus laptops?", "his laptops"),  # ustedes: no telling their from your
        ("Su charla estuvo buena.", "His talk"),  # the owner is not said
    ],
    "stop doing": [("Dejé el cargador en el hotel.", "I left the"), ("Terminé el post anoche.", "the post last night")],
    "again": [
        ("Volví a casa muy tarde.", "went back home"),  # no infinitive
        ("Volvimos al hotel después de la cena.", "went back to the hotel"),
    ],
    "have to": [
        ("Me tocó el asiento de atrás.", "touched me"),  # no infinitive
        ("A Ana le tocó presentar primero.", "To Ana"),  # the person named apart
    ],
    "want": [("Tengo un plan para el viernes.", "I have a plan")],
    "been doing": [
        ("Llevo dos maletas y una mochila.", "two cases"),  # no duration
        ("Llevé una hora de música para el viaje.", "an hour of music"),
    ],
    "needed": [
        ("Falta una hora para la keynote.", "missing an hour"),
        ("La falta de tiempo fue un problema.", "fault of time"),
    ],
    "both and": [
        ("Trabajo tanto como tú.", "as much as you"),  # comparisons
        ("Había tanto trabajo como antes.", "so much work"),
    ],
    "about": [
        ("Comí como un niño.", "like a boy"),  # no quantity
        ("Es tan rápido como dos servidores.", "like two servers"),  # a comparison
        ("Como dos tacos y me voy.", "Like two"),  # first: como may be the verb
    ],
    "participle adjectives": [
        ("Ha muerto el proyecto.", "has died"),  # not after estar
        ("Lo han abierto esta mañana.", "have opened it"),
    ],
    "tomorrow": [
        ("Desde la mañana estamos aquí.", "From the morning"),  # with an article: the morning
        ("Trabajé en la mañana.", "in the morning"),
    ],
    "ago": [
        ("Hace un año que no voy a una conferencia.", "a year that"),  # hace … que
        ("Hace mucho que no lo veo.", "a lot that"),
        ("Hace mucho por la comunidad.", "It does a lot"),  # does a lot
        ("Ella hace dos pasteles cada domingo.", "two cakes"),
    ],
    "weather": [
        ("Hace lo que puede.", "It does what"),
        ("Hace un frío tremendo.", "a cold"),  # an article: the noun goes on
    ],
    "passive se": [
        ("Se vendieron todas las entradas.", "They sold all"),  # the thing follows: not "they were sold all"
        ("Se venden entradas en la puerta.", "sell"),
        ("Ana y Luis se escriben todos los días.", "Ana and Luis write"),  # people: each other
        ("Se levantó temprano.", "It raised early"),  # not a verb of the list
    ],
    "speaker imperfect": [
        ("Lo compré porque estaba barato.", "because it was cheap"),  # estar: a thing's state too
        ("Llegué tarde porque el bus no pasaba.", "because the bus did not"),  # a subject of its own
        ("Me gustó el hotel porque tenía vista al mar.", "because had"),  # the hotel had it
        ("Dijo que no podía venir porque tenía fiebre.", "It said that it could not"),  # no yo before
    ],
}


@pytest.fixture(scope="module")
def engine():
    engine = load("apertium")
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def with_senses(compiled_senses: Path):
    """Apertium with the base senses and the project's bilingual section compiled into it."""
    engine = load("apertium", options=EngineOptions(base_glossary().senses, compiled_senses))
    yield engine
    engine.close()


def translate(engine, spanish: str, rules: tuple[syntax.Rule, ...] | None = None) -> str:
    saved = syntax.RULES
    if rules is not None:
        syntax.RULES = rules
    try:
        return engine.translate_batch([spanish])[0]
    finally:
        syntax.RULES = saved


@pytest.mark.parametrize(("name", "spanish", "wanted"), [(n, s, w) for n, cases in EXAMPLES.items() for s, w in cases])
def test_each_rule_gives_its_examples_and_nothing_else_would(engine, name: str, spanish: str, wanted: str) -> None:
    assert wanted in translate(engine, spanish)
    without = tuple(rule for rule in syntax.RULES if rule.name != name)
    assert wanted not in translate(engine, spanish, without), f"{name} is not what gives {wanted!r}"


@pytest.mark.parametrize(
    ("name", "spanish", "wanted"), [(n, s, w) for n, cases in WITH_SENSES.items() for s, w in cases]
)
def test_rules_the_bilingual_section_serves_give_their_examples(
    with_senses, name: str, spanish: str, wanted: str
) -> None:
    assert wanted in translate(with_senses, spanish)
    without = tuple(rule for rule in syntax.RULES if rule.name != name)
    assert wanted not in translate(with_senses, spanish, without), f"{name} is not what gives {wanted!r}"


@pytest.mark.parametrize(("name", "spanish", "kept"), [(n, s, k) for n, cases in COUNTER.items() for s, k in cases])
def test_each_rule_leaves_its_counter_examples_alone(engine, with_senses, name: str, spanish: str, kept: str) -> None:
    assert kept in translate(with_senses if name in WITH_SENSES else engine, spanish)


def test_a_passive_se_is_no_pronominal_verb(with_senses) -> None:
    """*Se pueden levantar cosas*: things are raised (the pronominal *levantarse* is "get up")."""
    english = translate(with_senses, "Se pueden levantar cosas en cualquier nube.")
    assert "get up" not in english and "raise" in english
    assert "got up" in translate(with_senses, "Se levantó tarde.")


def test_every_rule_has_examples_and_counter_examples() -> None:
    names = {rule.name for rule in syntax.RULES}
    assert names == set(EXAMPLES) | set(WITH_SENSES) == set(COUNTER)
    assert not set(EXAMPLES) & set(WITH_SENSES)


def test_the_stream_reads_and_writes_back_what_the_stages_after_the_tagger_expect() -> None:
    tagged = (
        "^Lo/Lo<prn><pro><p3><nt>$ ^dimos cuenta/darse<vblex><pron><ifi><p1><pl># cuenta$ "
        "^del/de<pr>+el<det><def><m><sg>$ ^zk0z/*zk0z$ ^\\[/\\[<lpar>$^./.<sent>$\n"
    )
    tokens = stream.parse(tagged)
    words = [t for t in tokens if isinstance(t, stream.Word)]
    assert [w.surface for w in words] == ["Lo", "dimos cuenta", "del", "zk0z", "\\[", "."]
    assert words[1].head.lemma == "darse" and words[1].head.tail == "# cuenta" and words[1].has("ifi", "p1")
    assert [r.lemma for r in words[2].readings] == ["de", "el"] and words[3].unknown
    assert stream.dump(tokens) == (
        "^Lo<prn><pro><p3><nt>$ ^darse<vblex><pron><ifi><p1><pl># cuenta$ ^de<pr>+el<det><def><m><sg>$ "
        "^*zk0z$ ^\\[<lpar>$^.<sent>$\n"
    )
