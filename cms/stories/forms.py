"""The story's admin form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .blocks import external_video
from .captions import CaptionedVideosForm


class StoryForm(CaptionedVideosForm):
    """A story's video link must be one the click-to-load player can show (YouTube or Vimeo)."""

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("video_url")
        if url and external_video(url) is None:
            self.add_error("video_url", ValidationError(_("Give the address of a video on YouTube or Vimeo.")))
        return cleaned
