/* include/linux/init.h - __init and __exit. irqlab keeps a module's init code after it
 * ran (it frees no .init.text), so both only mark the function, as Linux does in a
 * module without CONFIG_STRICT_MODULE_RWX. */
#ifndef LINUX_INIT_H
#define LINUX_INIT_H

#define __init
#define __exit
#define __initdata
#define __exitdata

#endif
