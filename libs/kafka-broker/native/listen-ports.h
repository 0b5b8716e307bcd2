#ifndef LISTEN_PORTS_H
#define LISTEN_PORTS_H

#define MAX_LISTENERS 64

/* Listeners bound to port 0 get port, port+1, ... instead (0: the kernel chooses). */
void listen_ports_set_base(int port);
/* "P1,P2,...": listener i (broker i+1) advertises Pi instead of the port it listens on; the count, or -1. */
int listen_ports_advertise_list(const char *list);
/* Prints `listening 127.0.0.1:<port>,...`, the ports the listeners really bound, as one stdout line. */
void listen_ports_print_listening(void);

#endif
