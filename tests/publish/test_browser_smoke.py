"""The served site opens in the real browser."""

import pytest

pytestmark = pytest.mark.browser


def test_home_page_opens_under_a_sub_path(served_site, page):
    page.goto(served_site)
    assert page.locator("h1").first.inner_text().startswith("Қазақстанның сыртқы саясаты")
    page.goto(served_site + "texts/002/kirispe/")
    assert page.locator("#p1").count() == 1
