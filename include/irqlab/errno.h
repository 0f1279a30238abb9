/* include/irqlab/errno.h - error numbers, with Linux's values so messages match the notes. */
#ifndef IRQLAB_ERRNO_H
#define IRQLAB_ERRNO_H

#define EPERM    1
#define ENOENT   2
#define ESRCH    3
#define EINTR    4
#define EIO      5
#define ENXIO    6
#define E2BIG    7
#define ENOEXEC  8
#define EAGAIN  11
#define EWOULDBLOCK EAGAIN
#define ENOMEM  12
#define EACCES  13
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define ENODEV  19
#define EISDIR  21
#define EINVAL  22
#define EFBIG   27
#define ENOSPC  28
#define ERANGE  34
#define ENAMETOOLONG 36
#define ENOSYS  38
#define EOVERFLOW 75
#define ETIMEDOUT 110

#endif
