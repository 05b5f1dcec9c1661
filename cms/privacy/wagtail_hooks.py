from wagtail import hooks

from .actions import EraseAction
from .models import PersonalData


@hooks.register("register_actions")
def register_erasure(registry):
    registry.register(PersonalData, EraseAction)
