import os

# Bounded on purpose: 200 sleeping children, so a broken limit cannot take the
# machine down. They carry a marker the corpus test looks for afterwards.
for _ in range(200):
    try:
        if os.fork() == 0:
            os.execv("/bin/sh", ["sh", "-c", "sleep 300 # dlstart-corpus-stray"])
    except OSError:
        break


def softmax(u):
    shifted = u - np.max(u, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)
