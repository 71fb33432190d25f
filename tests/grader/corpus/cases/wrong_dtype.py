def softmax(u):
    shifted = u - np.max(u, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return np.round(1000 * e / np.sum(e, axis=-1, keepdims=True)).astype(np.int64)
