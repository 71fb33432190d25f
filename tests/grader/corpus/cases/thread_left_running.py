import threading
import time


def _forever():
    while True:
        time.sleep(0.01)


threading.Thread(target=_forever).start()


def softmax(u):
    shifted = u - np.max(u, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)
