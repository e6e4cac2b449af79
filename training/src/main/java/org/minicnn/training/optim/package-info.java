/**
 * Optimisers with PyTorch's update rules and state names: {@link org.minicnn.training.optim.Sgd}
 * (momentum, Nesterov, weight decay) and {@link org.minicnn.training.optim.Adam}. An optimiser sees only
 * the model's parameters: (value, gradient) pairs.
 */
package org.minicnn.training.optim;
