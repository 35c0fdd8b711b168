"""Runs cases of Eclipse Paho's MQTT interoperability suite against footfall's ingest endpoint.

The suite (https://github.com/eclipse/paho.mqtt.testing, not shipped with footfall) tests brokers; its clients
connect without credentials, which footfall refuses, so every connect here logs in as one sensor.

usage: paho_interop.py SUITE_DIR VERSION(3|5) PORT USER PASSWORD [CASE...]
prints one line per case: PASS <case> or FAIL <case>; no CASE runs them all; CASE --list prints
"CASES <case> <case>..." and runs nothing
"""
import importlib
import io
import os
import sys
import unittest

suite_dir, version, port, user, password = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
cases = sys.argv[6:]
sys.path.insert(0, os.path.join(suite_dir, "interoperability"))
suite = importlib.import_module("client_test5" if version == "5" else "client_test")

connect = suite.mqtt_client.Client.connect


def connect_as_sensor(self, *args, **kwargs):
    kwargs.setdefault("username", user)
    kwargs.setdefault("password", password.encode("utf-8"))
    return connect(self, *args, **kwargs)


suite.mqtt_client.Client.connect = connect_as_sensor
# what the suite's __main__ would set from its command line
suite.host = "127.0.0.1"
suite.port = port
prefix = "client_test5/" if version == "5" else ""
suite.topics = [prefix + t for t in ("TopicA", "TopicA/B", "Topic/C", "TopicA/C", "/TopicA")]
suite.wildtopics = [prefix + t for t in ("TopicA/+", "+/C", "#", "/#", "/+", "+/+", "TopicA/#")]
suite.nosubscribe_topics = ("test/nosubscribe",)
if hasattr(suite, "setData"):
    # client_test5's setUpClass calls setData, which would drop the prefix; keep what was set above
    suite.setData = lambda: None

loader = unittest.TestLoader()
names = cases or loader.getTestCaseNames(suite.Test)
if names == ["--list"]:
    print("CASES " + " ".join(loader.getTestCaseNames(suite.Test)), flush=True)
    sys.exit(0)
# one run, so that the suite's class set-up (cleaning up after earlier runs) happens once
result = unittest.TestResult()
loader.loadTestsFromNames(names, suite.Test).run(result)
failed = {test.id().rsplit(".", 1)[-1] for test, _ in result.failures + result.errors}
for test, trace in result.failures + result.errors:
    print(test.id() + "\n" + trace, flush=True)
for name in names:
    print(("FAIL " if name in failed or result.errors and not result.testsRun else "PASS ") + name, flush=True)
