console.log('main/preload.ts')
