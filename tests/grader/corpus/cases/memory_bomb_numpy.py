def softmax(u):
    return np.ones((2**20, 2**20))
