"""The chooser widgets of the edit forms name another kommun's pages as the public knows them.

A Piteå page, experiment or usability session can point at a Boden page: a page field, a
page block in a StreamField, a call to action. Wagtail's widget names the chosen page by its
latest draft title, in the HTML and in the StreamField's JSON state. editor-pitea opening those
edit views through the real admin must read Boden's published title, and nothing of a Boden
page the public cannot see.
"""

import pytest
from django.apps import apps
from wagtail import blocks
from wagtail.admin.widgets import BaseChooser
from wagtail.fields import StreamField
from wagtail.models import get_page_models
from wagtail.snippets.models import get_snippet_models

from cms.base import chooser_widgets
from cms.topics.models import TopicPage
from tests.experiment_helpers import make_experiment

pytestmark = pytest.mark.django_db

LIVE_TITLE = "Published name of a Boden page"
DRAFT_TITLE = "Unpublished new name of a Boden page"  # (no character the HTML or JSON would escape)
SECRET_TITLE = "Boden page never published"


@pytest.fixture
def boden_pages(kommun):
    home = kommun("boden").site.root_page
    renamed = home.add_child(instance=TopicPage(title=LIVE_TITLE, slug="widget-probe", topic="other", intro="P."))
    renamed.save_revision().publish()
    renamed.title = DRAFT_TITLE
    renamed.save_revision()  # the site still shows LIVE_TITLE
    secret = home.add_child(
        instance=TopicPage(title=SECRET_TITLE, slug="widget-secret", topic="other", intro="P.", live=False)
    )
    return {"renamed": renamed, "secret": secret}


def cta(page):
    return ("call_to_action", {"text": "Go", "page": page, "url": "", "name": ""})


@pytest.fixture
def pitea_objects(kommun, boden_pages):
    """A Piteå topic page, home page, experiment and session, each pointing at both Boden pages."""
    from cms.experiments.models import Experiment, UsabilitySession

    pitea = kommun("pitea")
    home = pitea.site.root_page.specific
    renamed, secret = boden_pages["renamed"], boden_pages["secret"]
    topic = home.add_child(
        instance=TopicPage(
            title="Piteå page linking to Boden",
            slug="links-to-boden",
            topic="other",
            intro="P.",
            body=[cta(renamed), cta(secret)],
        )
    )
    topic.save_revision()
    section = {"heading": "Boden", "text": ""}
    home.sections = [("jobs", {**section, "link": renamed}), ("text", {**section, "link": secret, "image": None})]
    home.save_revision()
    experiment = make_experiment(pitea, status="draft")
    # The form refuses another site's goal page; one can still be left from before, by a move of the page.
    Experiment.objects.filter(pk=experiment.pk).update(goal_kind="page", goal_name="", goal_page=renamed)
    variant = experiment.variants.all()[1]
    variant.changes = [
        ("call_to_action", {"name": "search-homes", "language": "sv", "text": "", "page": secret, "url": ""})
    ]
    variant.save()
    session = UsabilitySession.objects.create(kommun=pitea, participant="P1", start_page=secret)
    return {
        "topic page": f"/admin/pages/{topic.pk}/edit/",
        "home page": f"/admin/pages/{home.pk}/edit/",
        "experiment": f"/admin/snippets/experiments/experiment/edit/{experiment.pk}/",
        "session": f"/admin/snippets/experiments/usabilitysession/edit/{session.pk}/",
    }


def test_edit_forms_name_another_kommuns_pages_as_the_public_knows_them(editor_client, pitea_objects):
    client = editor_client("pitea")
    for what, url in pitea_objects.items():
        response = client.get(url)
        assert response.status_code == 200, what
        html = response.content.decode()
        assert DRAFT_TITLE not in html, f"the {what}'s edit form shows Boden's draft title"
        assert SECRET_TITLE not in html, f"the {what}'s edit form names a Boden page the public cannot see"
    for what in ("topic page", "home page", "experiment"):
        assert LIVE_TITLE in client.get(pitea_objects[what]).content.decode(), what


def test_boden_still_reads_its_own_draft_title(editor_client, boden_pages):
    renamed = boden_pages["renamed"]
    home = renamed.get_parent().specific
    home.sections = [("jobs", {"heading": "H", "text": "", "link": renamed})]
    home.save_revision()

    html = editor_client("boden").get(f"/admin/pages/{home.pk}/edit/").content.decode()

    assert DRAFT_TITLE in html


def chooser_widgets_of_blocks(block):
    """Every chooser widget of a block and its children."""
    if isinstance(block, blocks.ChooserBlock):
        yield block, block.widget
    for child in getattr(block, "child_blocks", {}).values():
        yield from chooser_widgets_of_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield from chooser_widgets_of_blocks(block.child_block)


def test_every_chooser_widget_of_every_edit_form_is_one_that_hides_other_kommuns_drafts():
    """A new page field, page type or block with Wagtail's own widget would show drafts again."""
    ours = (
        chooser_widgets.PublicFacePageChooser,
        chooser_widgets.PublicFaceImageChooser,
        chooser_widgets.PublicFaceDocumentChooser,
        chooser_widgets.PublicFaceSnippetChooser,
    )
    found = []
    for model in [*get_page_models(), *get_snippet_models()]:
        if hasattr(model, "snippet_viewset"):
            form_class = model.snippet_viewset.get_form_class(for_update=True)
        else:
            form_class = model.get_edit_handler().get_form_class()
        forms = [form_class] + [formset.form for formset in getattr(form_class, "formsets", {}).values()]
        found += [
            (f"{model.__name__}.{name}", field.widget)
            for form in forms
            for name, field in form.base_fields.items()
            if isinstance(field.widget, BaseChooser)
        ]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                found += [
                    (f"{model.__name__}.{field.name}", w) for _b, w in chooser_widgets_of_blocks(field.stream_block)
                ]
    assert found, "the walk found no chooser widget"
    assert [where for where, widget in found if not isinstance(widget, ours)] == []
