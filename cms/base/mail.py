"""Mail the public forms cause, written with the theme's text templates in the reader's language.

Visitors read the microsites' languages, and the theme's catalogs already hold them, so a
confirmation reads like the page it came from. Mail goes out only where a mail server is
configured (EMAIL_HOST); a mail server that fails never loses a submission, which is in
the admin either way.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from cms.theme import environment

logger = logging.getLogger(__name__)
NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def mail_configured():
    return settings.EMAIL_BACKEND != NO_MAIL


def render(template, language, context):
    """(subject, body) of `themes/<theme>/templates/email/<template>.txt` in `language`."""
    source = environment(language).get_template(f"email/{template}.txt")
    context = {"days": settings.PERSONAL_DATA_RETENTION_DAYS, **context}
    blocks = {}
    for name in ("subject", "body"):
        blocks[name] = "".join(source.blocks[name](source.new_context(context))).strip()
    return " ".join(blocks["subject"].split()), blocks["body"] + "\n"


def send(template, language, to, context, reply_to=None):
    """Send one mail; True when it went out."""
    if not mail_configured():
        return False
    subject, body = render(template, language, context)
    message = EmailMessage(subject, body, to=[to], reply_to=[reply_to] if reply_to else None)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.error("Could not send the %s mail: %s.", template, why_not_sent(exc))
        return False
    return True


def why_not_sent(exc):
    """What went wrong, without the exception's own text or traceback: SMTP's refusals quote the recipient's
    address back, and the visitor's address is personal data no log may keep."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _reply in exc.recipients.values()})
        return f"the mail server refused the recipient ({', '.join(codes)})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the mail server answered {exc.smtp_code}"
    if isinstance(exc, OSError):
        return f"the mail server could not be reached ({exc.strerror or type(exc).__name__})"
    return type(exc).__name__
