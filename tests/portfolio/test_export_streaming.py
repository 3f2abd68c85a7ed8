"""The exports hold every row, read in chunks and streamed, in a fixed number of queries
per chunk whatever the number of rows (bench/export.py measures the memory)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dus.models import HardProblem
from portfolio import export
from portfolio.models import Initiative
from tests.factories import make_cluster, make_initiatives

pytestmark = pytest.mark.django_db


def _fill(n: int) -> None:
    made = make_initiatives(make_cluster(), n)
    problem = HardProblem.objects.order_by("number").first()
    Initiative.problems.through.objects.bulk_create(
        Initiative.problems.through(initiative_id=i.pk, hardproblem_id=problem.pk) for i in made
    )


def _csv(response) -> list[list[str]]:
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))


def _xlsx(response) -> list[tuple]:
    assert response.streaming
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)


def test_it_exports_every_row_over_several_chunks(client, group_manager, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", 10)
    _fill(35)
    client.force_login(group_manager)
    response = client.get(reverse("portfolio:initiative_export_csv"))
    chunks = list(response.streaming_content)
    assert len(chunks) == 4  # the heading and 10, 10, 10 rows; then the last 5
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == [f"Indsats {i:04}" for i in range(1, 36)]
    assert all(r[5] for r in rows[1:])  # the hard problem of every row, every chunk
    values = _xlsx(client.get(reverse("portfolio:initiative_export_xlsx")))
    assert [v[0] for v in values[1:]] == [f"Indsats {i:04}" for i in range(1, 36)]
    assert all(v[5] for v in values[1:])


@pytest.mark.parametrize("n", [5, 60])
def test_it_exports_in_constant_queries(client, group_manager, n, django_assert_max_num_queries):
    _fill(n)
    client.force_login(group_manager)
    with django_assert_max_num_queries(8):
        assert len(_csv(client.get(reverse("portfolio:initiative_export_csv")))) == n + 1
    with django_assert_max_num_queries(8):
        assert len(_xlsx(client.get(reverse("portfolio:initiative_export_xlsx")))) == n + 1
