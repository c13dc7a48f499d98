import pytest

from weft_worker import Component, component


def test_declares_a_component_with_its_schemas_and_first_doc_paragraph():
    @component(name="team.greet", input_schema={"type": "object"}, output_schema={"type": "object"})
    def greet(inputs):
        """Greets someone.

        More words that stay out of the description."""
        return {"greeting": f"hello {inputs['who']}"}

    assert isinstance(greet, Component)
    assert greet.name == "team.greet"
    assert greet.takes_context is False
    assert greet.run({"who": "ada"}) == {"greeting": "hello ada"}
    assert greet.descriptor() == {
        "inputSchema": {"type": "object"},
        "outputSchema": {"type": "object"},
        "description": "Greets someone.",
    }


def test_a_second_parameter_receives_the_context():
    @component(name="team.ctx", input_schema={})
    async def with_context(inputs, context):
        return context.attempt

    assert with_context.takes_context is True
    assert "outputSchema" not in with_context.descriptor()


@pytest.mark.parametrize("name", ["Greet", "greet", "team.Greet", "team..greet", "team.greet!"])
def test_refuses_names_a_flow_cannot_use(name):
    with pytest.raises(ValueError, match="must be dotted lower-case words"):
        component(name=name, input_schema={})


def test_refuses_a_schema_that_is_not_json_schema():
    with pytest.raises(ValueError, match=r"team.bad: input_schema is not a valid JSON Schema: 12 is not valid"):
        component(name="team.bad", input_schema={"type": 12})
    with pytest.raises(ValueError, match="output_schema must be a JSON Schema object"):
        component(name="team.bad", input_schema={}, output_schema=[])
