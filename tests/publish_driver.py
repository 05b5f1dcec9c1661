"""Publishes through the real admin in a process of its own, against the database of DATABASE_URL.

    python tests/publish_driver.py COUNT PAUSE KOMMUN...

Publishes the story index page of each KOMMUN in turn, COUNT times in all, PAUSE seconds
apart, as that kommun's editor (Django's test client through the admin's URLs), titled
"Storm <n>"; prints one JSON line per publish: the kommun, the title and when it committed."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")


def main(count, pause, slugs):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from cms.base.models import Kommun
    from cms.stories.models import StoryIndexPage
    from tests.helpers import story_index_publish_form

    clients, pages = {}, {}
    for slug in slugs:
        clients[slug] = Client(HTTP_HOST="localhost")
        clients[slug].force_login(get_user_model().objects.get(username=f"editor-{slug}"))
        pages[slug] = StoryIndexPage.objects.descendant_of(Kommun.objects.get(slug=slug).site.root_page).get()
    for number in range(count):
        slug = slugs[number % len(slugs)]
        page, title = pages[slug], f"Storm {number}"
        response = clients[slug].post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            story_index_publish_form(title, page.slug),
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
        print(json.dumps({"kommun": slug, "title": title, "at": time.time()}), flush=True)
        time.sleep(pause)


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:])
