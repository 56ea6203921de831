"""Each fixture article imported once per test module."""

from __future__ import annotations

import pytest

from bot.importer import ImportResult
from tests.bot.importer.helpers import import_fixture


@pytest.fixture(scope="module")
def la_la_land() -> ImportResult:
    return import_fixture("la_la_land_site.txt")


@pytest.fixture(scope="module")
def inception() -> ImportResult:
    return import_fixture("inception_news.txt")


@pytest.fixture(scope="module")
def arrival() -> ImportResult:
    return import_fixture("arrival.md")


@pytest.fixture(scope="module")
def prestige() -> ImportResult:
    return import_fixture("the_prestige.html")
