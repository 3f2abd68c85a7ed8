"""Reading the organisation file (dus/orgcsv.py): every problem with its line number,
and the habits of spreadsheets."""

import pytest

from dus.models import Unit
from dus.orgcsv import parse
from tests.dus.orgfiles import HEADER, PEOPLE, UNITS, org_file


def problems(data: bytes) -> list[str]:
    return [str(p) for p in parse(data).problems]


def test_it_reads_a_whole_organisation():
    parsed = parse(org_file())
    assert parsed.problems == []
    assert [(u.external_id, u.kind, u.parent_id) for u in parsed.units] == [
        ("U1", Unit.Kind.DIRECTION, ""),
        ("U2", Unit.Kind.SECRETARIAT, "U1"),
        ("U3", Unit.Kind.STAFF, "U1"),
        ("U4", Unit.Kind.STAFF, "U2"),
    ]
    assert [(p.line, p.name, p.unit_id) for p in parsed.people] == [
        (6, "Anne Andersen", "U1"),
        (7, "Bo Bech Berg", "U4"),
    ]


def test_it_reads_an_excel_export_with_a_bom_and_semicolons():
    parsed = parse(org_file(sep=";", bom=True))
    assert parsed.problems == []
    assert [u.name for u in parsed.units][:2] == ["Direktionen", "Skoler"]


def test_it_takes_english_headers_code_names_and_extra_columns():
    data = (
        b"Type;External ID;Name;Kind;Parent ID;Leader e-mail;E-mail;Unit ID;OS2mo-felt\n"
        b"unit;A;Alpha;contract_unit;;;;;x\n"
        b"person;B;Bent;;;;bent@kommune.dk;A;y\n"
    )
    parsed = parse(data)
    assert parsed.problems == []
    assert parsed.units[0].kind == Unit.Kind.CONTRACT_UNIT


def test_it_refuses_a_file_that_is_not_utf8():
    data = org_file("enhed,U5,Børn og Unge,Stab,U1,,,", encoding="cp1252")
    assert data.index("ø".encode("cp1252")) + 1 == 334
    assert problems(data) == [
        "Filen er ikke gemt som UTF-8 (det første tegn, der ikke kan læses, er ved byte 334), "
        "så æ, ø og å ville blive forkerte. Vælg »CSV UTF-8 (kommasepareret)«, når du gemmer "
        "i Excel, og indlæs filen igen."
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04rest of a workbook", "Det er en Excel-projektmappe"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Filen er ikke en CSV-fil"),
        (b"", "Filen er tom."),
        (b"Hej med dig\nhvordan gaar det\n", "Overskriften mangler kolonnerne »type«, »id«"),
    ],
)
def test_it_refuses_a_file_that_is_not_csv(data, expected):
    [problem] = problems(data)
    assert problem.startswith(expected) or problem.startswith(f"Linje 1: {expected}"), problem


def test_it_names_a_missing_required_column():
    data = b"type,id,navn,art,email\nenhed,U1,A,Stab,\n"
    assert problems(data) == [
        "Linje 1: Overskriften mangler kolonnen »enhed_id«. Første linje skal navngive "
        "kolonnerne: type, id, navn, art, overenhed_id, leder_email, email, enhed_id."
    ]


def test_it_reports_every_problem_with_its_line_before_anything_is_saved():
    data = org_file(
        "enhed,U5,Ukendt,Kontor,U1,,,",  # 8: unknown kind
        "enhed,U6,Forældreløs,Stab,U99,,,",  # 9: parent not in the file
        "enhed,U2,Dublet,Stab,U1,,,",  # 10: duplicate id
        "person,P3,Carl,,,,carl(at)kommune.dk,U1",  # 11: invalid e-mail
        "person,P4,,,,,dorte@kommune.dk,U1",  # 12: empty name
        "person,P5,Eva,,,,eva@kommune.dk,U77",  # 13: unit not in the file
        "afdeling,X,Y,,,,,",  # 14: unknown type
        "enhed,U8," + "x" * 201 + ",Stab,,,,",  # 15: too long
        "enhed,U9,Tab\x1bslut,Stab,,,,",  # 16: control character
        "person,P1,Anne igen,,,,anne2@kommune.dk,U1",  # 17: duplicate person id
        "enhed,U10,Leder,Stab,U1,ikke-en-mail,,",  # 18: invalid leader e-mail
    )
    found = problems(data)
    assert [p.split(":")[0] for p in found] == [f"Linje {n}" for n in range(8, 19)]
    text = "\n".join(found)
    for expected in [
        "Arten »Kontor« er ukendt",
        "Overenheden »U99« er ikke i filen.",
        "Enheds-id'et »U2« står også på linje 3.",
        "»carl(at)kommune.dk« i »email« er ikke en gyldig e-mailadresse.",
        "Kolonnen »navn« er tom.",
        "Enheden »U77« er ikke i filen.",
        "Typen »afdeling« er ukendt",
        "»navn« er 201 tegn lang; højst 200 er tilladt.",
        "»navn«: Fjern de usynlige kontroltegn",
        "Person-id'et »P1« står også på linje 6.",
        "»ikke-en-mail« i »leder_email« er ikke en gyldig e-mailadresse.",
    ]:
        assert expected in text


def test_it_finds_a_cycle_of_parents():
    units = [
        "enhed,U1,Direktionen,Direktion,,,,",
        "enhed,A,Alfa,Stab,C,,,",
        "enhed,B,Beta,Stab,A,,,",
        "enhed,C,Gamma,Stab,B,,,",
        "enhed,S,Selv,Stab,S,,,",
    ]
    found = problems(org_file(units=units, people=["person,P1,Anne,,,,a@kommune.dk,U1"]))
    assert found == [
        "Linje 3: Enheden er sin egen overenhed gennem ringen Alfa → Gamma → Beta → Alfa.",
        "Linje 4: Enheden er sin egen overenhed gennem ringen Alfa → Gamma → Beta → Alfa.",
        "Linje 5: Enheden er sin egen overenhed gennem ringen Alfa → Gamma → Beta → Alfa.",
        "Linje 6: Enheden er sin egen overenhed gennem ringen Selv → Selv.",
    ]


def test_it_refuses_a_file_without_units_or_people():
    assert problems(org_file(units=[], people=PEOPLE[:0])) == [
        "Filen indeholder ingen enheder (rækker af typen »enhed«).",
        "Filen indeholder ingen personer (rækker af typen »person«).",
    ]


def test_it_refuses_a_duplicate_email_and_a_row_longer_than_the_header():
    data = org_file("person,P3,Anne To,,,,ANNE@kommune.dk,U1", "person,P4,X,,,,x@kommune.dk,U1,,9")
    assert problems(data) == [
        "Linje 8: E-mailadressen »anne@kommune.dk« står også på linje 6.",
        "Linje 9: Rækken har flere celler, end overskriften har kolonner.",
    ]


def test_it_counts_a_quoted_line_break_on_the_line_the_row_starts():
    data = (HEADER + "\n" + "\n".join(UNITS) + '\nenhed,U5,"To\nlinjer",Stab,U1,,,\n').encode()
    data += "\n".join(PEOPLE).encode()
    [problem] = problems(data)
    assert problem.startswith("Linje 6: »navn«: Skriv det på én linje")
