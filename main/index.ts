console.log('main/index.ts')
