import socket

# The corpus test replaces PORT with the port of a listener it started.
try:
    with socket.create_connection(("127.0.0.1", PORT), timeout=2) as _connection:
        _connection.sendall(b"dlstart-corpus network_connect")
except OSError:
    pass


def softmax(u):
    shifted = u - np.max(u, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)
