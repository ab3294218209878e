"""notnow.voila_seams: the one adapter for Voila's private parts holds against the installed Voila.

When Voila or jupyter_server is upgraded and moves a part notnow relies on, the contract test fails with the
part's name and what changed (e.g. "VoilaKernelManager._initialize: parameters now [...]").
"""

from __future__ import annotations

import uuid

from notnow import voila_seams


def test_every_private_part_of_voila_notnow_relies_on_is_still_there_as_expected():
    """The contract: names, signatures (inspect) and class attributes of the parts the adapter uses."""
    assert voila_seams.contract_problems() == []


def test_a_second_socket_for_a_kernel_is_refused_and_closing_it_leaves_the_first_in_place():
    """The probe's attack, on the adapter: a stranger's socket neither takes a kernel's place nor removes it."""
    kernel_id = str(uuid.uuid4())
    visitor, stranger = object(), object()
    try:
        assert voila_seams.claim_waiter(kernel_id, visitor)
        assert not voila_seams.claim_waiter(kernel_id, stranger)
        voila_seams.release_waiter(kernel_id, stranger)  # Voila's own on_close would delete an entry here
        assert kernel_id in voila_seams.waiting_kernel_ids()
        voila_seams.release_waiter(str(uuid.uuid4()), stranger)
        assert kernel_id in voila_seams.waiting_kernel_ids()
    finally:
        voila_seams.release_waiter(kernel_id, visitor)
    assert kernel_id not in voila_seams.waiting_kernel_ids()


def test_the_visitors_request_info_is_handed_over_once_and_then_forgotten():
    """What Voila keeps for a kernel whose socket is not open yet goes to that kernel once, then is gone."""
    from voila.request_info_handler import RequestInfoSocketHandler  # the page handler's public entry point

    kernel_id = str(uuid.uuid4())
    RequestInfoSocketHandler.send_updates({"kernel_id": kernel_id, "payload": {"QUERY_STRING": "me=code"}})
    assert voila_seams.take_request_info(kernel_id) == {"QUERY_STRING": "me=code"}
    assert voila_seams.take_request_info(kernel_id) is None


def test_replaced_handlers_are_served_in_place_of_voilas_with_the_same_pattern_and_arguments():
    """replace_handlers swaps a class in the app's handler list and keeps every pattern and argument."""
    from voila.app import Voila

    class Theirs:
        pass

    class Other:
        pass

    class Mine:
        pass

    def built(_app: object) -> list[tuple[object, ...]]:  # what Voila's init_handlers returns, in miniature
        return [("/a", Theirs), ("/b", Other, {"path": "/x"}), ("/c", Theirs, {"n": 1})]

    before = Voila.init_handlers
    try:
        Voila.init_handlers = built
        voila_seams.replace_handlers({Theirs: Mine})
        voila_seams.replace_handlers({Theirs: Mine})  # again: still one wrapper around Voila's own
        replaced = Voila.init_handlers(None)
    finally:
        Voila.init_handlers = before
    assert replaced == [("/a", Mine), ("/b", Other, {"path": "/x"}), ("/c", Mine, {"n": 1})]
