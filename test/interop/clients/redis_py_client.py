"""redis-py (Debian python3-redis 4.3.4) through Sentinel, driven by the interop tests.

Run with /usr/bin/python3 (the pyenv python on PATH cannot see Debian's package):

    redis_py_client.py writer <key> <sentinel-port>...   master_for('mymaster') write loop
    redis_py_client.py reader <key> <sentinel-port>...   slave_for('mymaster') read loop

Each iteration pipelines RPUSH/LLEN, CONFIG GET port and (writer) WAIT 1 100 on one
connection and prints one JSON line: {"seq", "port", "replicas"|"len", "at"} or
{"error", "at"} (at = ms since the epoch, the same clock the test reads). A connection error
is what redis-py raises when its master went away; the loop goes on and the next command
makes the pool ask the sentinels again (redis-py's own recovery, nothing of ours).
The loop ends when stdin is closed, so a test that dies takes this process with it.
"""
import json
import select
import sys
import time

from redis.exceptions import RedisError
from redis.sentinel import Sentinel


def now_ms():
    return time.time() * 1000.0


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def stdin_closed():
    readable, _, _ = select.select([sys.stdin], [], [], 0)
    return bool(readable) and sys.stdin.readline() == ""


def main():
    mode, key = sys.argv[1], sys.argv[2]
    ports = [int(p) for p in sys.argv[3:]]
    # Timeouts so a write to a dead master fails instead of hanging for the OS default.
    sentinel = Sentinel([("127.0.0.1", p) for p in ports], socket_timeout=0.5)
    if mode == "writer":
        client = sentinel.master_for("mymaster", socket_timeout=1.0, socket_connect_timeout=0.5)
    else:
        client = sentinel.slave_for("mymaster", socket_timeout=1.0, socket_connect_timeout=0.5)
    emit({"ready": True, "at": now_ms()})
    seq = 0
    while not stdin_closed():
        seq += 1
        try:
            pipe = client.pipeline(transaction=False)
            if mode == "writer":
                pipe.rpush(key, seq)
                pipe.config_get("port")
                pipe.execute_command("WAIT", 1, 100)
                _, cfg, replicas = pipe.execute()
                emit({"seq": seq, "port": int(cfg["port"]), "replicas": int(replicas), "at": now_ms()})
            else:
                pipe.llen(key)
                pipe.config_get("port")
                length, cfg = pipe.execute()
                emit({"seq": seq, "port": int(cfg["port"]), "len": int(length), "at": now_ms()})
        except (RedisError, OSError) as e:
            emit({"error": "%s: %s" % (type(e).__name__, e), "at": now_ms()})
        time.sleep(0.05)


if __name__ == "__main__":
    main()
