import threading

# Held from import on: every call of softmax waits for it forever.
_lock = threading.Lock()
_lock.acquire()


def softmax(u):
    _lock.acquire()
    shifted = u - np.max(u, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)
