import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("next_path", "language", "expected"),
    [
        ("/nl/alliance/", "fr", "/fr/alliance/"),
        ("/de/knowledge/", "en", "/knowledge/"),
        ("/fr/forum/meetings/?page=2", "nl", "/nl/forum/meetings/?page=2"),
    ],
)
def test_switching_from_a_page_in_another_language_goes_to_the_same_page(
    client, next_path, language, expected
):
    response = client.post(reverse("set_language"), {"language": language, "next": next_path})

    assert response.status_code == 302
    assert response.url == expected
