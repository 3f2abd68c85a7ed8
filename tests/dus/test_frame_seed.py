"""The strategic frame is seeded from the DUS 2024-25 document, word for word."""

import pytest

from dus.models import HardProblem, Plan, StrategyTrack, Track

pytestmark = pytest.mark.django_db


def test_it_seeds_one_plan_with_the_vision():
    plan = Plan.objects.get()
    assert plan.title == "DUS 2024-25"
    assert plan.vision == "Mennesker møder mennesker i Danmarks smukkeste kommune"
    assert (plan.starts_on.year, plan.ends_on.year) == (2024, 2025)


def test_it_seeds_the_two_development_tracks():
    assert list(Track.objects.values_list("number", "title")) == [
        (1, "Fælles ansvar for en bæredygtig velfærd"),
        (2, "Fremtidens attraktive arbejdsfællesskab"),
    ]
    assert all(track.description for track in Track.objects.all())


def test_it_seeds_the_four_strategy_tracks():
    assert list(StrategyTrack.objects.values_list("title", flat=True)) == [
        "Balanceret vækst – Bæredygtig udvikling",
        "En kommune hvor alle er med",
        "Det gode liv i fællesskabet",
        "Grøn Skanderborg",
    ]


def test_it_seeds_the_seven_hard_problems():
    assert list(HardProblem.objects.values_list("title", flat=True)) == [
        "Et klima i krise",
        "Ubalanceret demografisk vækst",
        "Mangel på arbejdskraft",
        "Ulighed og negativ social arv",
        "Høje forventninger fra borgerne",
        "Pres på det specialiserede socialområde",
        "Øget mistrivsel og ny udsathed",
    ]


def test_it_marks_climate_and_demography_as_handled_elsewhere_with_a_note():
    elsewhere = HardProblem.objects.filter(addressed_elsewhere=True)
    assert sorted(elsewhere.values_list("number", flat=True)) == [1, 2]
    assert all(problem.elsewhere_note for problem in elsewhere)


def test_it_refuses_a_problem_marked_elsewhere_without_a_note():
    from django.db import IntegrityError, transaction

    problem = HardProblem.objects.get(number=3)
    problem.addressed_elsewhere = True
    with pytest.raises(IntegrityError), transaction.atomic():
        problem.save()


def test_it_treats_dus_2024_25_as_current_after_it_ended(time_machine):
    time_machine.move_to("2026-11-27")
    assert Plan.objects.current().slug == "dus-2024-25"
