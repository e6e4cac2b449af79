"""Talks to the minicnn kernel as Jupyter does (jupyter_client and pyzmq) and prints what came back as JSON.

Usage: kernel_client.py SCENARIO KERNEL_NAME KERNEL_LOG OBSERVATIONS

Starts the kernel KERNEL_NAME from the kernelspecs on JUPYTER_PATH with its stdout and stderr in KERNEL_LOG,
plays SCENARIO, shuts the kernel down and writes one JSON object to OBSERVATIONS: what the Java test asserts.
The script judges nothing itself; a step that gets no answer in time is recorded as null.

Scenarios:
  hostile    garbage, unsigned, wrongly signed and malformed messages on the shell and control ports, then
             a correctly signed execute_request.
  interrupt  cells that loop, sleep, swallow interrupts and block in a native accept(), each interrupted;
             then a cell that uses a variable defined before them.
"""
import hashlib
import hmac
import json
import sys
import time
import uuid

import zmq
from jupyter_client import KernelManager

REPLY_TIMEOUT_SECONDS = 60


def collect_reply(client, msg_id, timeout):
    """The execute_reply to msg_id and the cell's outputs, or None for the reply when none came in time."""
    deadline = time.monotonic() + timeout
    reply = None
    while reply is None and time.monotonic() < deadline:
        try:
            message = client.get_shell_msg(timeout=max(0.05, deadline - time.monotonic()))
        except Exception:  # queue.Empty: no reply yet
            break
        if message["parent_header"].get("msg_id") == msg_id:
            reply = message["content"]
    outputs = []
    # The outputs of a cell arrive on iopub before the kernel goes idle for it.
    idle_deadline = time.monotonic() + (5 if reply is not None else 0.5)
    while time.monotonic() < idle_deadline:
        try:
            message = client.get_iopub_msg(timeout=max(0.05, idle_deadline - time.monotonic()))
        except Exception:
            break
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        content = message["content"]
        if kind == "stream":
            outputs.append({"type": "stream", "text": content["text"]})
        elif kind == "execute_result":
            outputs.append({"type": "result", "text": content["data"].get("text/plain")})
        elif kind == "error":
            outputs.append({"type": "error", "ename": content["ename"], "evalue": content["evalue"]})
        elif kind == "status" and content["execution_state"] == "idle":
            break
    return reply, outputs


def execute(client, code, timeout=REPLY_TIMEOUT_SECONDS):
    started = time.monotonic()
    msg_id = client.execute(code, allow_stdin=False)
    reply, outputs = collect_reply(client, msg_id, timeout)
    return {
        "status": None if reply is None else reply["status"],
        "ename": None if reply is None else reply.get("ename"),
        "evalue": None if reply is None else reply.get("evalue"),
        "outputs": outputs,
        "seconds": round(time.monotonic() - started, 2),
    }


def wait_until_busy(client, msg_id, timeout=30):
    """Waits for the execute_input of msg_id: the kernel has started the cell."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            message = client.get_iopub_msg(timeout=max(0.05, deadline - time.monotonic()))
        except Exception:
            return False
        if message["parent_header"].get("msg_id") == msg_id and message["msg_type"] == "execute_input":
            return True
    return False


def interrupted_cell(client, km, code, settle_seconds, use_manager):
    """Runs code, interrupts it after settle_seconds, and reports the interrupt_reply and the cell's reply."""
    msg_id = client.execute(code, allow_stdin=False)
    started_cell = wait_until_busy(client, msg_id)
    time.sleep(settle_seconds)
    interrupted_at = time.monotonic()
    interrupt_reply = None
    if use_manager:
        # What Jupyter's stop button does: the manager reads interrupt_mode from the kernelspec.
        km.interrupt_kernel()
    else:
        request = client.session.msg("interrupt_request", content={})
        client.control_channel.send(request)
        try:
            answer = client.get_control_msg(timeout=10)
            if answer["parent_header"].get("msg_id") == request["header"]["msg_id"]:
                interrupt_reply = answer["msg_type"]
        except Exception:
            pass
    reply, outputs = collect_reply(client, msg_id, 30)
    return {
        "started": started_cell,
        "interrupt_reply": interrupt_reply,
        "status": None if reply is None else reply["status"],
        "ename": None if reply is None else reply.get("ename"),
        "evalue": None if reply is None else reply.get("evalue"),
        "outputs": outputs,
        "seconds_after_interrupt": round(time.monotonic() - interrupted_at, 2),
    }


def frames(key, header, content, signature=None):
    """The frames of a message as a DEALER sends them (the ROUTER adds the identity)."""
    parts = [json.dumps(header).encode(), b"{}", b"{}", json.dumps(content).encode()]
    if signature is None:
        mac = hmac.new(key, digestmod=hashlib.sha256)
        for part in parts:
            mac.update(part)
        signature = mac.hexdigest().encode()
    return [b"<IDS|MSG>", signature] + parts


def header(msg_type):
    return {"msg_id": uuid.uuid4().hex, "username": "mallory", "session": uuid.uuid4().hex,
            "date": "2024-01-01T00:00:00.000000Z", "msg_type": msg_type, "version": "5.3"}


def hostile(km, client):
    context = zmq.Context.instance()
    key = km.session.key
    intruders = {}
    for channel, port in (("shell", km.shell_port), ("control", km.control_port)):
        socket = context.socket(zmq.DEALER)
        socket.linger = 0
        socket.connect("tcp://%s:%d" % (km.ip, port))
        intruders[channel] = socket
    unsigned_code = 'System.out.println("unsigned code ran");'
    wrongly_signed_code = 'System.out.println("wrongly signed code ran");'
    sent = []

    def send(channel, what, parts):
        intruders[channel].send_multipart(parts)
        sent.append(channel + ": " + what)

    for channel in ("shell", "control"):
        send(channel, "one garbage frame", [b"\x00\xffgarbage"])
        send(channel, "a delimiter and nothing else", [b"<IDS|MSG>"])
        send(channel, "too few frames", [b"<IDS|MSG>", b"sig", b"{}"])
        send(channel, "an unsigned execute_request",
             frames(key, header("execute_request"), {"code": unsigned_code, "silent": False}, signature=b""))
        send(channel, "a wrongly signed execute_request",
             frames(b"not the key", header("execute_request"), {"code": wrongly_signed_code, "silent": False}))
        send(channel, "a signed header without msg_type", frames(key, {"msg_id": "x"}, {}))
        send(channel, "a signed execute_request whose content is a list",
             frames(key, header("execute_request"), ["code"]))
        send(channel, "a signed message of an unknown type", frames(key, header("no_such_request"), {}))
    for channel in ("shell", "control"):
        parts = [b"{not json", b"{}", b"{}", b"{}"]
        mac = hmac.new(key, digestmod=hashlib.sha256)
        for part in parts:
            mac.update(part)
        send(channel, "a correctly signed header that is not JSON", [b"<IDS|MSG>", mac.hexdigest().encode()] + parts)
    time.sleep(1)
    answered = []
    for channel, socket in intruders.items():
        while socket.poll(200):
            answered.append(channel + ": " + repr(socket.recv_multipart()[:1]))
        socket.close()
    # Whatever the dropped requests would have printed would be on iopub by now.
    streams = []
    while True:
        try:
            message = client.get_iopub_msg(timeout=0.5)
        except Exception:
            break
        if message["msg_type"] == "stream":
            streams.append(message["content"]["text"])
    heartbeat = client.is_alive()
    try:
        kernel_info = client.kernel_info(reply=True, timeout=30)["content"]["language_info"]["name"]
    except TimeoutError:
        kernel_info = None
    cell = execute(client, 'System.out.println("signed code ran"); 6 * 7')
    return {"sent": sent, "answers_to_intruders": answered, "streams_before_signed_cell": streams, "heartbeat": heartbeat,
            "kernel_info": kernel_info, "signed_cell": cell}


def interrupt(km, client):
    result = {"before": execute(client, "int before = 42; before")}
    result["loop"] = interrupted_cell(
        client, km, "long sum = 0;\nfor (long i = 0; i < 50_000_000_000L; i++) { sum += i % 7; }\n"
        'System.out.println("loop finished");', 2, use_manager=True)
    result["sleep"] = interrupted_cell(client, km, 'Thread.sleep(600_000);\nSystem.out.println("sleep finished");', 1,
                                       use_manager=False)
    result["stubborn"] = interrupted_cell(
        client, km, "while (true) {\n  try { Thread.sleep(600_000); } catch (InterruptedException ignored) { }\n}", 1,
        use_manager=False)
    result["accept"] = interrupted_cell(
        client, km, 'new java.net.ServerSocket(0).accept();\nSystem.out.println("accept returned");', 1,
        use_manager=False)
    result["after"] = execute(client, 'System.out.println("next cell runs; sum is defined: " + (sum >= 0)); before + 1')
    result["idle_interrupt"] = interrupted_cell(client, km, "before", 0.5, use_manager=False)
    result["after_idle_interrupt"] = execute(client, "before + 2")
    return result


SCENARIOS = {"hostile": hostile, "interrupt": interrupt}


def main(scenario, kernel_name, log_path, observations_path):
    with open(log_path, "w") as log:
        km = KernelManager(kernel_name=kernel_name)
        km.start_kernel(stdout=log, stderr=log)
        client = km.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=REPLY_TIMEOUT_SECONDS)
            result = SCENARIOS[scenario](km, client)
            # A shutdown_request, as Jupyter sends it: the kernel process must end by itself.
            client.shutdown()
            deadline = time.monotonic() + 20
            while km.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            result["exited_after_shutdown_request"] = not km.is_alive()
            result["shutdown_seconds"] = round(time.monotonic() - deadline + 20, 2)
        finally:
            client.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)
    with open(observations_path, "w") as observations:
        json.dump(result, observations, indent=1)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in SCENARIOS:
        sys.exit("usage: kernel_client.py {%s} KERNEL_NAME KERNEL_LOG OBSERVATIONS" % ",".join(SCENARIOS))
    sys.exit(main(*sys.argv[1:]))
