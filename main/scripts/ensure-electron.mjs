console.log("ensure-electron: placeholder")
