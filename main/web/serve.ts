console.log('main/web/serve.ts')
