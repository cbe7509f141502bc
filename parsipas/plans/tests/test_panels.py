from types import SimpleNamespace

from parsipas.plans import panels


def test_a_registered_panel_reaches_only_its_criterion_and_only_when_it_has_a_value(monkeypatch):
    monkeypatch.setattr(panels, "_providers", {})
    panels.register("PAR:3.9", "extra", lambda user, node: user if user != "nobody" else None)
    assert panels.for_node("someone", SimpleNamespace(key="PAR:3.9")) == {"extra": "someone"}
    assert panels.for_node("nobody", SimpleNamespace(key="PAR:3.9")) == {}
    assert panels.for_node("someone", SimpleNamespace(key="PAR:1.1")) == {}
