"""Field names are a type (``FieldName``), so mypy catches a misspelt one; these tests keep the type and
the model it names from drifting apart."""

from __future__ import annotations

from typing import get_args

from fairgauge.extract.records import FieldsBuilder
from fairgauge.model.metadata import FieldName, IdentifierRef, MetadataFields, is_field_name


def test_field_names_are_exactly_the_list_fields_of_the_model() -> None:
    list_fields = {name for name in MetadataFields.model_fields if name != "publication_year"}
    assert set(get_args(FieldName)) == list_fields


def test_is_field_name_accepts_list_fields_only() -> None:
    assert is_field_name("titles")
    assert not is_field_name("title")
    assert not is_field_name("publication_year")


def test_builder_drops_empties_and_duplicates_under_a_typed_name() -> None:
    fields = FieldsBuilder()
    doi = IdentifierRef(value="10.5281/zenodo.1", scheme="doi")
    fields.add("identifiers", doi, None, doi)
    fields.extend("titles", ["", "A title", "A title"])
    fields.year("2019-05-01")
    built = fields.build()
    assert built.identifiers == [doi]
    assert built.titles == ["A title"]
    assert built.publication_year == 2019
