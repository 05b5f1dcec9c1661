"""The theme's templates are compiled once per process, however many languages use them.

The search index renders a card per listing and language with macros.html; each language has
its own Jinja environment (its catalog, its formats), and compiling the file once for each cost
half of a demo kommun's search documents."""

from jinja2 import Environment

from cms import theme


def test_each_template_compiles_once_for_every_language(monkeypatch):
    compiled = []
    compile_template = Environment.compile

    def counting_compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_template(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting_compile)
    theme.environment.cache_clear()
    theme._macros.cache_clear()

    problems = {code: str(theme.macro(code, "search_problem", "down")) for code in ("sv", "en", "de", "fi")}

    assert compiled.count("macros.html") <= 1
    assert len(set(problems.values())) == 4, "each language still says it in its own words"
