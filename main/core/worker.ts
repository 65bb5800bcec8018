console.log('main/core/worker.ts')
