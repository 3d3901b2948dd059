"""Imports of files as people save them: Excel's encodings and delimiters, over-long fields,
control characters reported by row, and no traceback whatever the bytes."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from selfassess.extensions import db
from selfassess.models import Answer
from selfassess.policy import SYSTEM
from selfassess.services import Invalid
from selfassess.services.imports import import_responses

ROWS = [
    ("partner", "respondent", "statement", "answer", "evidence"),
    ("Council", "Zoë", "q1", "4", "Agreed – see the £5k line"),
    ("Council", "Zoë", "q2", "dk", "Board; March"),
]


def csv_bytes(delimiter: str, encoding: str, bom: bytes = b"") -> bytes:
    def quote(cell: str) -> str:
        return f'"{cell}"' if delimiter in cell else cell

    text = "\r\n".join(delimiter.join(quote(c) for c in row) for row in ROWS) + "\r\n"
    return bom + text.encode(encoding)


@pytest.fixture
def round_id(make_trust, make_round):
    return make_round(make_trust())


def run(app, round_id, data, name="in.csv"):
    with app.app_context():
        return import_responses(SYSTEM, round_id, data, name)


def stored(app):
    with app.app_context():
        return sorted(
            (a.statement, a.value, a.evidence) for a in db.session.scalars(select(Answer))
        )


EXPECTED = [("q1", "4", "Agreed – see the £5k line"), ("q2", "dk", "Board; March")]


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        (csv_bytes(",", "utf-8"), "UTF-8", "commas"),
        (csv_bytes(",", "utf-8", codecs.BOM_UTF8), "UTF-8", "commas"),
        (csv_bytes(";", "cp1252"), "Windows-1252", "semicolons"),
        (csv_bytes("\t", "cp1252"), "Windows-1252", "tabs"),
        (csv_bytes(";", "utf-8", codecs.BOM_UTF8), "UTF-8", "semicolons"),
        (csv_bytes("\t", "utf-16-le", codecs.BOM_UTF16_LE), "UTF-16", "tabs"),
    ],
)
def test_encodings_and_delimiters_are_detected_and_reported(
    app, round_id, data, encoding, delimiter
):
    summary = run(app, round_id, data)
    assert stored(app) == EXPECTED
    assert (summary.encoding, summary.answers) == (encoding, 2)
    assert summary.report()[0] == f"Read as {encoding}, separated by {delimiter}."


def test_a_field_over_10000_characters_is_refused_with_its_row(app, round_id):
    long = "x" * 10_001
    data = f"{','.join(ROWS[0])}\nCouncil,a,q1,1,\nCouncil,a,q2,1,{long}\n".encode()
    with pytest.raises(Invalid) as caught:
        run(app, round_id, data)
    assert caught.value.errors == [
        "in.csv:3: evidence is 10,001 characters long; the limit is 10,000"
    ]


def test_a_field_past_the_csv_modules_own_limit_is_refused_not_a_traceback(app, round_id):
    huge = "y" * 200_000  # past csv.field_size_limit(): a csv.Error before this change
    data = f'{",".join(ROWS[0])}\nCouncil,a,q1,1,\nCouncil,a,q2,1,"{huge}"\n'.encode()
    with pytest.raises(Invalid) as caught:
        run(app, round_id, data)
    assert caught.value.errors == [
        "in.csv:3: a field is longer than 10,000 characters; reading stopped here"
    ]
    assert stored(app) == []


def test_removed_control_characters_are_reported_by_row(app, round_id):
    data = (
        f"{','.join(ROWS[0])}\nCouncil,a,q1,1,clean\nCouncil,a\x00,q2,1,bell\x07\n"
        "Council,a,q3,2,ok\nCouncil,a,q4,2,\x1b[31mred\n"
    ).encode()
    summary = run(app, round_id, data)
    assert summary.cleaned_rows == (3, 5)
    assert summary.report()[1] == "Removed control characters from row(s) 3, 5."
    assert ("q4", "2", "[31mred") in stored(app)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"\x81\x8d\x8f\x90\x9d", "in.csv:1: the file is not UTF-8 or Windows-1252 text"),
        (codecs.BOM_UTF8 + b"partner\xff", "in.csv:1: the file is not UTF-8 (with byte order"),
        (b"partner|respondent|statement|answer|evidence\n", "(read as separated by commas;"),
        (b"a;b\n" * 3, "in.csv:1: the header must be partner,respondent"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(app, round_id, data, error):
    with pytest.raises(Invalid) as caught:
        run(app, round_id, data)
    assert error in caught.value.errors[0]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.sampled_from(
                [
                    b",",
                    b";",
                    b"\t",
                    b'"',
                    b"\n",
                    b"\r",
                    b"\x00",
                    b"q1",
                    b"Council",
                    b"\xe9",
                    b"\xff",
                    b"1",
                ]
            ),
            max_size=60,
        ).map(lambda parts: b"partner,respondent,statement,answer,evidence\n" + b"".join(parts)),
    )
)
def test_any_bytes_give_a_summary_or_file_row_errors_never_a_traceback(app, round_id, data):
    errors: list[str] = []
    try:
        summary = run(app, round_id, data)
    except Invalid as exc:
        errors = exc.errors
    else:
        assert summary.answers >= 1
        return
    assert errors
    assert all(e.startswith("in.csv:") for e in errors)


def test_cli_reads_a_windows_1252_semicolon_file_and_says_so(runner, round_id, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(csv_bytes(";", "cp1252"))
    result = runner.invoke(args=["import-responses", str(round_id), str(path)])
    assert result.exit_code == 0, result.output
    assert "Read as Windows-1252, separated by semicolons." in result.output


def test_cli_refuses_hostile_bytes_without_a_traceback(runner, round_id, tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(b"\x81" + bytes(range(256)) * 4)
    result = runner.invoke(args=["import-responses", str(round_id), str(path)])
    assert result.exit_code == 1
    assert f"{path}:1: the file is not UTF-8 or Windows-1252 text" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_text_already_decoded_reports_only_the_delimiter(app, round_id):
    text = "partner;respondent;statement;answer;evidence\nCouncil;a;q1;1;\n"
    summary = run(app, round_id, text)
    assert summary.report() == ["Read as text separated by semicolons."]
