"""Writes nl_outlook.msg, the Outlook fixture of test_intake (not a test; run it to make the file again).

extract-msg, which notnow reads .msg files with, cannot write them; msgforge (pure Python, MS-CFB/MS-OXMSG) can.
It sets no Message-ID or transport headers, which every .msg Outlook saves from a received mail has, so they are
added here as the two MAPI properties Outlook writes (PidTagInternetMessageId 0x1035,
PidTagTransportMessageHeaders 0x007D). Run: .venv/bin/python tests/unit/mail/make_msg.py (msgforge is in the
dev extra).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from msgforge import Message, _builder

MESSAGE_ID = "<AM0PR07MB4321.2026120314220@bakkerij-hoekstra.nl>"
SENT = datetime(2026, 12, 3, 13, 22, tzinfo=UTC)  # 14:22 in Amsterdam
HEADERS = (
    f"Message-ID: {MESSAGE_ID}\r\n"
    "Date: Thu, 3 Dec 2026 14:22:00 +0100\r\n"
    "From: Lotte Hoekstra <lotte@bakkerij-hoekstra.nl>\r\n"
    "To: Jordi Verbeek <jordi@verbeektekst.nl>\r\n"
    "Subject: Menukaart en flyer voor de kerst\r\n\r\n"
)
BODY = """Goedemiddag Jordi,

Kun je de teksten voor onze nieuwe menukaart en een flyer voor de kerstdagen maken? Ik denk dat het
een halve dag werk is.

Graag binnen een week, zodat de drukker nog voor de feestdagen kan drukken.

Hartelijke groet,
Lotte Hoekstra
Bakkerij Hoekstra | Oudegracht 45, 3511 AB Utrecht
"""


def main() -> None:
    real = _builder._Props.add_unicode

    def with_headers(self: object, ole: object, parent: object, prop_id: int, value: str) -> None:
        real(self, ole, parent, prop_id, value)
        if prop_id == 0x001A:  # the message class, the first property of the message itself
            real(self, ole, parent, 0x1035, MESSAGE_ID)
            real(self, ole, parent, 0x007D, HEADERS)

    _builder._Props.add_unicode = with_headers
    message = Message(
        subject="Menukaart en flyer voor de kerst",
        text_body=BODY,
        to=[("jordi@verbeektekst.nl", "Jordi Verbeek")],
        sender=("lotte@bakkerij-hoekstra.nl", "Lotte Hoekstra"),
        sent=SENT,
    )
    Path(__file__).with_name("nl_outlook.msg").write_bytes(message.as_bytes())


if __name__ == "__main__":
    main()
