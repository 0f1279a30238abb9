#error "irqlab has no wait_on_bit: wait_event on a wait queue (include/irqlab/wait.h) instead"
